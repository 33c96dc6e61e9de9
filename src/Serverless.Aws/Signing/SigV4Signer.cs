using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Serverless.Aws.Signing;

/// <summary>
/// Signs an HTTP request with AWS Signature Version 4, for the AWS APIs this build has no SDK for
/// (CloudFront, API Gateway's management API). The canonical request is built here, following the
/// documented algorithm; the key derivation and signature are AWSSDK.Core's own <see cref="AWS4Signer"/>.
/// </summary>
public sealed class SigV4Signer(AWSCredentials credentials, TimeProvider time)
{
    public async Task SignAsync(HttpRequestMessage request, byte[] body, string service, string region, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var identity = await credentials.GetCredentialsAsync().WaitAsync(ct);
        var signedAt = time.GetUtcNow().UtcDateTime;
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}",
            ["x-amz-date"] = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
            ["x-amz-content-sha256"] = bodyHash,
        };
        if (identity.UseToken)
        {
            headers["x-amz-security-token"] = identity.Token;
        }
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(bodyHash);

        var result = AWS4Signer.ComputeSignature(identity, region, signedAt, service, signedHeaders, canonical.ToString());
        foreach (var (name, value) in headers)
        {
            if (name is not ("host" or "content-type"))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    // Every segment encoded again (non-S3 services sign the path encoded twice; ours has only unreserved characters).
    private static string CanonicalPath(Uri uri) =>
        uri.AbsolutePath.Length == 0 ? "/" : string.Join('/', uri.AbsolutePath.Split('/').Select(Uri.EscapeDataString));

    private static string CanonicalQuery(Uri uri)
    {
        if (uri.Query.Length <= 1)
        {
            return "";
        }
        var pairs = uri.Query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Key}={p.Value}"));
    }
}
