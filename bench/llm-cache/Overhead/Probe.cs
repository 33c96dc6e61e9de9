using System.Diagnostics;
using System.Globalization;
using Npgsql;

/// <summary>
/// What one call costs on each path of <see cref="BudgetOverhead"/>, in the figures that move least with the
/// machine's load: round trips to PostgreSQL and Redis (counted by a <see cref="WireTap"/> relay in front of
/// each), the statements PostgreSQL ran and their server-side time (pg_stat_statements, when the server
/// preloads it) and the CPU time of the PostgreSQL processes serving them (/proc/PID/schedstat, so only with
/// PostgreSQL on this machine), the process's CPU time and allocations per call, and the wall time (median, p90).
///   bench/llm-cache/run.sh --probe [calls] [path] (default 500 calls per path; path: part of a name)
/// Two passes: through the taps for the counts, then direct (the relay's own CPU not counted) for the times.
/// </summary>
internal static class Probe
{
    private const int WarmUp = 50;

    // Before the timed pass: enough calls for tiered JIT to finish (its compilations would count as the call's CPU).
    private const int TimedWarmUp = 1500;

    public static async Task RunAsync(int calls, string? only = null)
    {
        s_only = only;
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("Database__Admin") ?? "Host=127.0.0.1;Port=15432;Username=postgres;Database=postgres");
        var redis = Environment.GetEnvironmentVariable("Redis__Configuration") ?? "127.0.0.1:16379";
        var redisEndpoint = redis.Split(',')[0].Split(':');
        Console.WriteLine($"probe: {calls} calls per path, one at a time, after {WarmUp} to warm up ({TimedWarmUp} before the timed pass); {DateTimeOffset.UtcNow:u}; load {Load()}");

        var counts = new Dictionary<string, (double Pg, double PgUp, double PgDown, double Redis)>();
        await using (var pgTap = new WireTap(admin.Host!, admin.Port))
        await using (var redisTap = new WireTap(redisEndpoint[0], int.Parse(redisEndpoint[1], CultureInfo.InvariantCulture)))
        {
            Environment.SetEnvironmentVariable("Database__Admin", new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Host = "127.0.0.1", Port = pgTap.Port }.ConnectionString);
            Environment.SetEnvironmentVariable("Redis__Configuration", $"127.0.0.1:{redisTap.Port}");
            var tapped = new BudgetOverhead();
            await tapped.Setup();
            try
            {
                foreach (var (name, call) in Paths(tapped))
                {
                    await Repeat(call, WarmUp);
                    var pg0 = pgTap.Read();
                    var redis0 = redisTap.Read();
                    await Repeat(call, calls);
                    var pg1 = pgTap.Read();
                    var redis1 = redisTap.Read();
                    counts[name] = ((pg1.RoundTrips - pg0.RoundTrips) / (double)calls, (pg1.BytesUp - pg0.BytesUp) / (double)calls,
                        (pg1.BytesDown - pg0.BytesDown) / (double)calls, (redis1.RoundTrips - redis0.RoundTrips) / (double)calls);
                }
            }
            finally
            {
                await tapped.Cleanup();
            }
        }

        Environment.SetEnvironmentVariable("Database__Admin", admin.ConnectionString);
        Environment.SetEnvironmentVariable("Redis__Configuration", redis);
        var direct = new BudgetOverhead();
        await direct.Setup();
        try
        {
            await using var stats = await ServerStatements.TryOpenAsync(direct.AdminConnectionString);
            Console.WriteLine();
            Console.WriteLine("| path | PG round trips | PG bytes up / down | Redis round trips | wall median µs | wall p90 µs | client CPU µs | allocated B | server time µs (statements) | server CPU µs |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var details = new List<string>();
            foreach (var (name, call) in Paths(direct))
            {
                await Repeat(call, TimedWarmUp);
                await stats.ResetAsync();
                var backends = await stats.BackendsAsync();
                var serverCpu0 = ServerStatements.CpuNanoseconds(backends);
                var process = Process.GetCurrentProcess();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
                var wall = new double[calls];
                for (var i = 0; i < calls; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await call();
                    wall[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }
                var alloc = (GC.GetTotalAllocatedBytes(precise: true) - alloc0) / (double)calls;
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalMicroseconds / calls;
                var serverCpu = (ServerStatements.CpuNanoseconds(backends) - serverCpu0) / 1000.0 / calls;
                var server = await stats.ReadAsync(calls);
                Array.Sort(wall);
                var c = counts[name];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {c.Pg:0.##} | {c.PgUp:0} / {c.PgDown:0} | {c.Redis:0.##} | {wall[calls / 2]:0} | {wall[calls * 9 / 10]:0} | {cpu:0} | {alloc:0} | {(server is null ? "n/a" : $"{server.Value.TopLevelMicros:0} ({server.Value.TopLevelCalls:0.##})")} | {(backends.Count == 0 ? "n/a" : serverCpu.ToString("0", CultureInfo.InvariantCulture))} |"));
                if (server is { } s && s.Statements.Count > 0)
                {
                    details.Add($"{name}: per call, statements PostgreSQL ran (nested ones indented), calls and mean server time");
                    details.AddRange(s.Statements.Select(x => string.Create(CultureInfo.InvariantCulture, $"  {(x.TopLevel ? "" : "    ")}{x.Calls:0.##} × {x.MeanMicros,7:0.0} µs  {x.Query}")));
                }
            }
            Console.WriteLine();
            Console.WriteLine(stats.Available ? string.Join(Environment.NewLine, details) : "pg_stat_statements is not preloaded on this server: no per-statement figures.");
            Console.WriteLine($"load {Load()}");
        }
        finally
        {
            await direct.Cleanup();
        }
    }

    private static string? s_only;

    private static IEnumerable<(string Name, Func<Task> Call)> Paths(BudgetOverhead bench) =>
        AllPaths(bench).Where(p => s_only is null || p.Name.Contains(s_only, StringComparison.Ordinal));

    private static IEnumerable<(string Name, Func<Task> Call)> AllPaths(BudgetOverhead bench) =>
    [
        ("reference: SELECT 1", () => bench.PostgresRoundTrip()),
        ("provider fake alone", () => bench.ProviderAlone()),
        ("count prompt tokens (2 KB)", () => Task.FromResult(bench.CountPromptTokens())),
        ("budget only", () => bench.BudgetAroundProvider()),
        ("pipeline, exact hit", () => bench.PipelineExactHit()),
        ("pipeline, miss", () => bench.PipelineMiss()),
        ("pipeline, miss, settle handed to the job", () => bench.PipelineMissHandedOver()),
        ("job: miss settled inline + completion", () => bench.JobMissSettledInline()),
        ("job: miss handed over + completion settling it", () => bench.JobMissHandedOver()),
    ];

    private static async Task Repeat(Func<Task> call, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await call();
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>pg_stat_statements of the benchmark's database (all levels), when the server preloads it.</summary>
    private sealed class ServerStatements : IAsyncDisposable
    {
        private readonly NpgsqlDataSource? _admin;

        private ServerStatements(NpgsqlDataSource? admin) => _admin = admin;

        public bool Available => _admin is not null;

        public static async Task<ServerStatements> TryOpenAsync(string adminConnectionString)
        {
            var admin = NpgsqlDataSource.Create(adminConnectionString);
            try
            {
                await using var create = admin.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT count(*) FROM pg_stat_statements");
                await create.ExecuteNonQueryAsync();
                return new ServerStatements(admin);
            }
            catch (PostgresException)
            {
                await admin.DisposeAsync();
                return new ServerStatements(null);
            }
        }

        /// <summary>The PostgreSQL processes serving the benchmark's application role (same machine), to read their CPU time.</summary>
        public async Task<List<int>> BackendsAsync()
        {
            if (_admin is null)
            {
                return [];
            }
            await using var select = _admin.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = 'serverless_app'");
            var pids = new List<int>();
            await using var r = await select.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                pids.Add(r.GetInt32(0));
            }
            return pids;
        }

        /// <summary>Time on a CPU of these processes, from /proc/PID/schedstat (nanoseconds, first field).</summary>
        public static long CpuNanoseconds(List<int> pids) =>
            pids.Sum(pid => File.Exists($"/proc/{pid}/schedstat") ? long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) : 0);

        public async Task ResetAsync()
        {
            if (_admin is not null)
            {
                await using var reset = _admin.CreateCommand("SELECT pg_stat_statements_reset()");
                await reset.ExecuteNonQueryAsync();
            }
        }

        public async Task<(double TopLevelMicros, double TopLevelCalls, List<(bool TopLevel, double Calls, double MeanMicros, string Query)> Statements)?> ReadAsync(int calls)
        {
            if (_admin is null)
            {
                return null;
            }
            await using var select = _admin.CreateCommand("""
                SELECT s.toplevel, s.calls, s.mean_exec_time * 1000, regexp_replace(s.query, '\s+', ' ', 'g')
                  FROM pg_stat_statements s
                 WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND s.userid = 'serverless_app'::regrole
                 ORDER BY s.toplevel DESC, s.total_exec_time DESC
                """);
            var rows = new List<(bool, double, double, string)>();
            double top = 0, topCalls = 0;
            await using (var r = await select.ExecuteReaderAsync())
            {
                while (await r.ReadAsync())
                {
                    var perCall = r.GetInt64(1) / (double)calls;
                    if (perCall < 0.5)
                    {
                        continue;
                    }
                    var query = r.GetString(3);
                    rows.Add((r.GetBoolean(0), perCall, r.GetDouble(2), query.Length > 110 ? query[..110] + "…" : query));
                    if (r.GetBoolean(0))
                    {
                        top += perCall * r.GetDouble(2);
                        topCalls += perCall;
                    }
                }
            }
            return (top, topCalls, rows);
        }

        public async ValueTask DisposeAsync()
        {
            if (_admin is not null)
            {
                await _admin.DisposeAsync();
            }
        }
    }
}
