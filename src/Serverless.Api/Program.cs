using Serverless.Api.Auth;
using Serverless.Api.Authorizer;
using Serverless.Api.Errors;
using Serverless.Api.Features.Audit;
using Serverless.Api.Features.Console;
using Serverless.Api.Features.Content;
using Serverless.Api.Features.Drafts;
using Serverless.Api.Features.Health;
using Serverless.Api.Features.Jobs;
using Serverless.Api.Features.ModelSettings;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Features.Prompts;
using Serverless.Api.Features.Review;
using Serverless.Api.Features.Schemas;
using Serverless.Api.Features.Settings;
using Serverless.Api.Features.Usage;
using Serverless.Api.Observability;
using Serverless.Api.Platform;
using Serverless.Api.Platform.Cors;
using Serverless.Api.Platform.Idempotency;
using Serverless.Api.Platform.RateLimits;
using Serverless.Api.Platform.OriginVerify;
using Serverless.Api.Platform.Regions;
using Serverless.Aws.Configuration;
using Serverless.Lambda.Hosting;

if (AuthorizerHost.IsRequested(args))
{
    // The API Gateway authorizer: same artifact, its own small host (docs/deploy.md).
    await AuthorizerHost.RunAsync(args);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaWhenPresent();

builder.AddCloudSettings();
builder.AddObservability();
builder.AddProblemResponses();
builder.AddPlatformData();
builder.AddOriginVerify();
builder.AddTenantCors();
builder.AddTenantAuthentication();
builder.AddRegions();
builder.AddPublicContent();
builder.AddBackgroundJobs();
builder.AddReview();
builder.AddSchemas();
builder.AddUsage();
builder.AddModelSettings();
builder.AddTenantSettings();
builder.AddPromptVersions();
builder.AddIdempotency();
builder.AddTenantRateLimits();
builder.AddConsole();
builder.AddApiDocuments();
// Last: closed registrations of the framework's generic services the start resolves (Native AOT cold start).
builder.AddClosedFrameworkServices();

var app = builder.Build();

app.UseProblemResponses();
app.UseRequestContext();
app.UseOriginVerify();
app.UseTenantCors();
app.UseRegionRouting();
app.UseTenantAuthentication();
app.UseTenantSuspension();
app.UseTenantAuthorization();
app.UseTenantScope();
app.UseRateLimiter();
app.UseTenantRateLimits();
app.UseIdempotency();

app.MapApiDocuments();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();
app.MapContentEndpoints();
app.MapDraftsEndpoints();
app.MapJobsEndpoints();
app.MapPublicContentEndpoints();
app.MapAuditEndpoints();
app.MapReviewEndpoints();
app.MapPromptStatsEndpoints();
app.MapPromptVersionsEndpoints();
app.MapSchemasEndpoints();
app.MapUsageEndpoints();
app.MapModelSettingsEndpoints();
app.MapSettingsEndpoints();
app.MapConsole();

await app.RunAsync();

/// <summary>The API's entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
