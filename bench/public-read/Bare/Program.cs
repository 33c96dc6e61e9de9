// The floor for GET /public/...: Kestrel and routing, no middleware, no cache, no database. The body
// is the API's own response for the benchmarked item (its path is the first argument), so both
// servers send the same bytes.
var body = await File.ReadAllBytesAsync(args[0]);
var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/bare", () => Results.Bytes(body, "application/json; charset=utf-8"));
app.Run();
