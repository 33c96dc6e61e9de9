using Serverless.Core.Data;

namespace Serverless.Testing;

/// <summary>One migrated database per test class, with the operator's seeder and the app's data sources.</summary>
public sealed class DatabaseFixture : IAsyncDisposable
{
    private DatabaseFixture(TestDatabase database)
    {
        Database = database;
        Seeder = new TenantSeeder(database.Admin);
        App = Databases.Create(new DatabaseOptions { Primary = database.Primary, Replica = database.Replica });
    }

    public TestDatabase Database { get; }

    public TenantSeeder Seeder { get; }

    /// <summary>The application role's primary and replica, as the API uses them.</summary>
    public Databases App { get; }

    public static async Task<DatabaseFixture> CreateAsync(string purpose) => new(await TestDatabase.CreateAsync(purpose));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Seeder.DisposeAsync();
        await Database.DisposeAsync();
    }
}
