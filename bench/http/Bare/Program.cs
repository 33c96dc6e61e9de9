// The floor for the HTTP benchmark (bench/http/run.sh): Kestrel and routing, no middleware, no cache, no
// database. It answers GET /public/... and GET /health/live with the API's own responses for the benchmarked
// item and for /health/live (the files named by the first two arguments), so it sends the same bytes.
//   Bare <public-body.json> <live-body.json> --urls http://127.0.0.1:PORT
var body = await File.ReadAllBytesAsync(args[0]);
var live = await File.ReadAllBytesAsync(args[1]);
var builder = WebApplication.CreateSlimBuilder(args[2..]);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/public/{tenant}/{type}/{slug}", () => Results.Bytes(body, "application/json; charset=utf-8"));
app.MapGet("/health/live", () => Results.Bytes(live, "application/json; charset=utf-8"));
app.Run();
