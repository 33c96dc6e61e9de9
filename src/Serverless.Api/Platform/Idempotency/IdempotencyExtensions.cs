namespace Serverless.Api.Platform.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>The Idempotency-Key store (PostgreSQL, per tenant).</summary>
    public static WebApplicationBuilder AddIdempotency(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IdempotencyStore>();
        return builder;
    }

    /// <summary>After authentication and authorization: a POST carrying Idempotency-Key runs once per key.</summary>
    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.UseWhen(c => HttpMethods.IsPost(c.Request.Method) && c.Request.Headers.ContainsKey(IdempotencyMiddleware.Header),
            branch => branch.UseMiddleware<IdempotencyMiddleware>());
        return app;
    }
}
