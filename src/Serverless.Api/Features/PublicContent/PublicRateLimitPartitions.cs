using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Serverless.Api.Features.PublicContent;

/// <summary>
/// The per-IP fixed window of the public read path: one partition per client address, each a
/// <see cref="FixedWindowRateLimiter"/> of <see cref="PublicContentOptions.RateLimitPermits"/> per
/// <see cref="PublicContentOptions.RateLimitWindowSeconds"/>, no queue. The factory is made once (the options
/// are read at start-up), so a request allocates its partition's description only, not two closures as well.
/// </summary>
public sealed class PublicRateLimitPartitions
{
    private readonly PublicContentOptions _options;
    private readonly Func<string, RateLimiter> _factory;

    public PublicRateLimitPartitions(IOptions<PublicContentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = _options = options.Value;
        _factory = _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = o.RateLimitPermits,
            Window = TimeSpan.FromSeconds(o.RateLimitWindowSeconds),
            QueueLimit = 0,
        });
    }

    public RateLimitPartition<string> For(HttpContext http) =>
        new(ClientAddress.Of(http, _options.TrustCloudFrontViewerAddress), _factory);
}
