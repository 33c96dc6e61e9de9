using Serverless.Lambda.Hosting;
using Serverless.Lambda.SampleApi;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaWhenPresent();
builder.AddSampleServices();

var app = builder.Build();
app.MapSampleEndpoints();
app.Run();
