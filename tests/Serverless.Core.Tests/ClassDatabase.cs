using Serverless.Testing;

namespace Serverless.Core.Tests;

/// <summary>xunit class fixture: one migrated database shared by the tests of a class.</summary>
public sealed class ClassDatabase : IAsyncLifetime
{
    public DatabaseFixture Db { get; private set; } = null!;

    public async Task InitializeAsync() => Db = await DatabaseFixture.CreateAsync("core");

    public async Task DisposeAsync() => await Db.DisposeAsync();
}
