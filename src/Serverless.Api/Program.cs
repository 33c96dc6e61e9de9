using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Features.Content;
using Serverless.Api.Features.Drafts;
using Serverless.Api.Features.Health;
using Serverless.Api.Features.Jobs;
using Serverless.Api.Observability;
using Serverless.Api.Platform;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddObservability();
builder.AddProblemResponses();
builder.AddPlatformData();
builder.AddApiKeyAuthentication();
builder.AddBackgroundJobs();
builder.AddApiDocuments();

var app = builder.Build();

app.UseProblemResponses();
app.UseRequestContext();
app.UseAuthentication();
app.UseAuthorization();
app.UseTenantLogScope();

app.MapApiDocuments();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();
app.MapContentEndpoints();
app.MapDraftsEndpoints();
app.MapJobsEndpoints();

app.Run();

/// <summary>The API's entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
