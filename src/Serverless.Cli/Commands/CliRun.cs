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
        catch (ArgumentException e)
        {
            // The message, not the framework's " (Parameter 'slug')" after it.
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            await Console.Error.WriteLineAsync($"error: {message}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or IOException)
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

    /// <summary>The message for a slug that names no tenant, with the command that lists them.</summary>
    public static string NoTenant(string slug) => $"no tenant '{slug}' (./dev cli tenant list shows them)";

    public static string When(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
