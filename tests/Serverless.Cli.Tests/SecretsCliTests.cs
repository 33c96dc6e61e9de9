using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Core.Secrets;
using Serverless.Core.Tenants;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>
/// Budget webhook secrets must be readable to sign, so they are stored sealed, never in clear; an operator
/// rewraps them after a key rotation, and once for secrets stored before sealing.
/// </summary>
public sealed class SecretsCliTests : IAsyncLifetime
{
    private static readonly string OldKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("cli_secrets");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Webhook_set_prints_the_secret_once_and_stores_it_sealed_for_that_tenant()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");

        var set = await CliProcess.RunAsync(_db.Admin, "budget", "webhook", "set", "acme", "https://hooks.acme.example/budget");

        Assert.Equal(0, set.ExitCode);
        var printed = set.Output.Split(' ', '\n').Single(w => w.StartsWith("whsec_", StringComparison.Ordinal));
        var (tenantId, stored) = await StoredAsync("acme");
        Assert.DoesNotContain(printed, stored, StringComparison.Ordinal);
        Assert.Equal(printed, TestSecrets.Sealer.Open(stored, BudgetWebhooks.SecretPurpose, tenantId));
    }

    [Fact]
    public async Task Rewrap_seals_secrets_stored_in_clear_or_with_the_previous_key_with_the_current_one_without_a_settings_version()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "beta", "--name", "Beta");
        var acme = await InsertAsync("acme", _ => "whsec_stored_in_clear_before_sealing");
        var beta = await InsertAsync("beta", id => new SecretSealer(new SecretsAtRestOptions { Key = OldKey }).Seal("whsec_sealed_with_the_old_key", BudgetWebhooks.SecretPurpose, id));
        var versions = await SettingsVersionsAsync();
        var rotated = new Dictionary<string, string> { ["SecretsAtRest__PreviousKey"] = OldKey };

        var first = await CliProcess.RunAsync(_db.Admin, rotated, null, "secrets", "rewrap");
        var second = await CliProcess.RunAsync(_db.Admin, "secrets", "rewrap");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("rewrapped 2, already current 0", first.Output, StringComparison.Ordinal);
        Assert.Contains("rewrapping: 2/2", first.Error, StringComparison.Ordinal);
        Assert.Contains("rewrapped 0, already current 2", second.Output, StringComparison.Ordinal);
        var (_, acmeStored) = await StoredAsync("acme");
        var (_, betaStored) = await StoredAsync("beta");
        Assert.Equal(SealState.Current, TestSecrets.Sealer.StateOf(acmeStored));
        Assert.Equal("whsec_stored_in_clear_before_sealing", TestSecrets.Sealer.Open(acmeStored, BudgetWebhooks.SecretPurpose, acme));
        Assert.Equal("whsec_sealed_with_the_old_key", TestSecrets.Sealer.Open(betaStored, BudgetWebhooks.SecretPurpose, beta));
        Assert.Equal(versions, await SettingsVersionsAsync());
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM operator_audit WHERE action = 'budget_webhook.secret_rewrapped'"));
    }

    [Fact]
    public async Task Rewrap_without_the_key_a_secret_was_sealed_with_names_the_tenant_fails_and_changes_nothing()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");
        await InsertAsync("acme", id => new SecretSealer(new SecretsAtRestOptions { Key = OldKey }).Seal("whsec_old", BudgetWebhooks.SecretPurpose, id));
        var (_, before) = await StoredAsync("acme");

        var rewrap = await CliProcess.RunAsync(_db.Admin, "secrets", "rewrap");

        Assert.Equal(1, rewrap.ExitCode);
        Assert.Contains("acme", rewrap.Error, StringComparison.Ordinal);
        Assert.Contains("SecretsAtRest__PreviousKey", rewrap.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await StoredAsync("acme")).Stored);
    }

    [Fact]
    public async Task Without_a_key_webhook_set_fails_naming_the_settings_and_stores_nothing()
    {
        await CliProcess.RunAsync(_db.Admin, "tenant", "create", "acme", "--name", "Acme");

        var set = await CliProcess.RunAsync(_db.Admin, new Dictionary<string, string> { ["SecretsAtRest__Key"] = "" }, null,
            "budget", "webhook", "set", "acme", "https://hooks.acme.example/budget");

        Assert.Equal(1, set.ExitCode);
        Assert.Contains("SecretsAtRest__Key", set.Error, StringComparison.Ordinal);
        Assert.Contains("SecretsAtRest__KeyParameter", set.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM llm_tenant_settings WHERE budget_webhook_secret IS NOT NULL"));
    }

    private async Task<Guid> InsertAsync(string slug, Func<Guid, string> secret)
    {
        await using var admin = NpgsqlDataSource.Create(_db.Admin);
        var tenant = (await new TenantAdmin(admin).FindAsync(slug, default))!;
        await using var insert = admin.CreateCommand(
            "INSERT INTO llm_tenant_settings (tenant_id, budget_webhook_url, budget_webhook_secret) VALUES ($1, 'https://hooks.example/b', $2)");
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenant.Id });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = secret(tenant.Id) });
        await insert.ExecuteNonQueryAsync();
        return tenant.Id;
    }

    private async Task<(Guid TenantId, string Stored)> StoredAsync(string slug)
    {
        await using var admin = NpgsqlDataSource.Create(_db.Admin);
        await using var select = admin.CreateCommand(
            "SELECT s.tenant_id, s.budget_webhook_secret FROM llm_tenant_settings s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = $1");
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = slug });
        await using var r = await select.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"no webhook row for {slug}");
        return (r.GetGuid(0), r.GetString(1));
    }

    private Task<string> SettingsVersionsAsync() => ScalarAsync<string>("SELECT string_agg(slug || ':' || settings_version, ',' ORDER BY slug) FROM tenants");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var admin = NpgsqlDataSource.Create(_db.Admin);
        await using var command = admin.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
