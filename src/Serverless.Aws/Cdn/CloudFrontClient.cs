using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Serverless.Aws.Signing;

namespace Serverless.Aws.Cdn;

/// <summary>
/// CloudFront's <c>CreateInvalidation</c> over HTTPS (AWSSDK.CloudFront is not served here):
/// <c>POST /2020-05-31/distribution/{id}/invalidation</c> with an <c>InvalidationBatch</c> XML body,
/// signed with SigV4 for service <c>cloudfront</c> in us-east-1.
/// </summary>
public sealed class CloudFrontClient(HttpClient http, SigV4Signer signer, IOptions<CloudFrontOptions> options)
{
    public const string Service = "cloudfront";
    public const string SigningRegion = "us-east-1";
    private static readonly XNamespace Ns = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    /// <summary>Sends one batch; returns the invalidation's id. The same caller reference makes a retry a no-op.</summary>
    public async Task<string> CreateInvalidationAsync(IReadOnlyCollection<string> paths, string callerReference, CancellationToken ct)
    {
        var distribution = options.Value.DistributionId ?? throw new InvalidOperationException("Cdn:DistributionId is not set.");
        var body = Encoding.UTF8.GetBytes(Batch(paths, callerReference).ToString(SaveOptions.DisableFormatting));
        var uri = new Uri($"{options.Value.Endpoint.TrimEnd('/')}/2020-05-31/distribution/{Uri.EscapeDataString(distribution)}/invalidation");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        await signer.SignAsync(request, body, Service, SigningRegion, ct);

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = Error(text);
            throw new CloudFrontException(response.StatusCode, code, message);
        }
        return XDocument.Parse(text).Root?.Element(Ns + "Id")?.Value ?? "";
    }

    public static XDocument Batch(IReadOnlyCollection<string> paths, string callerReference) =>
        new(new XDeclaration("1.0", "UTF-8", null),
            new XElement(Ns + "InvalidationBatch",
                new XElement(Ns + "Paths",
                    new XElement(Ns + "Quantity", paths.Count),
                    new XElement(Ns + "Items", paths.Select(p => new XElement(Ns + "Path", p)))),
                new XElement(Ns + "CallerReference", callerReference)));

    private static (string Code, string Message) Error(string text)
    {
        try
        {
            var error = XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            return (error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? "Unknown",
                error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "");
        }
        catch (System.Xml.XmlException)
        {
            return ("Unknown", text.Length > 200 ? text[..200] : text);
        }
    }
}
