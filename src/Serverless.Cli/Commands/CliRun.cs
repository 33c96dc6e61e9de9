using Npgsql;

namespace Serverless.Cli.Commands;

/// <summary>Runs a command body and turns expected failures into one clear line on stderr and exit code 1.</summary>
public static class CliRun
{
    public static async Task<int> Guarded(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"error: database: {e.Message}");
            return 1;
        }
    }

    public static string When(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
