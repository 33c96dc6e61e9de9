using Serverless.Testing;
using StackExchange.Redis;

namespace Serverless.Llm.Tests.Support;

/// <summary>The ./dev Redis. Tests isolate by using fresh tenant ids, so nothing is flushed.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync() => Redis = await ConnectionMultiplexer.ConnectAsync(LocalServices.Redis);

    public async Task DisposeAsync() => await Redis.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>, ICollectionFixture<EmbeddingFixture>
{
    public const string Name = "redis";
}
