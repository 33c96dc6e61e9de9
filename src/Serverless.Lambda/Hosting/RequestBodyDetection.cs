using Microsoft.AspNetCore.Http.Features;

namespace Serverless.Lambda.Hosting;

/// <summary>Tells body readers (minimal APIs, forms) whether the event carried a body at all.</summary>
internal sealed record RequestBodyDetection(bool CanHaveBody) : IHttpRequestBodyDetectionFeature;
