using System.Text;
using Npgsql;
using Serverless.Core.Data;

namespace Serverless.Core.Budgets;

public enum UsageGrouping
{
    Day,
    Model,
    Task,
}

/// <summary>One group of a usage report. Provider cost and what the cache saved are kept apart.</summary>
/// <param name="Tenant">The tenant's slug in an operator's report across tenants; null in a tenant's own.</param>
public sealed record UsageRow(
    string? Tenant,
    string Key,
    long Calls,
    long CacheHits,
    long InputTokens,
    long OutputTokens,
    decimal ProviderCostUsd,
    long SavedTokens,
    decimal SavedUsd);

/// <summary>A budget in its current period: its limit, what is spent and reserved, and what remains.</summary>
public sealed record BudgetLine(
    string? Tenant,
    string Feature,
    long? TokenLimit,
    long SpentTokens,
    long ReservedTokens,
    long? RemainingTokens,
    decimal? CostLimitUsd,
    decimal SpentUsd,
    decimal ReservedUsd,
    decimal? RemainingUsd,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd);

public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, string GroupBy, IReadOnlyList<UsageRow> Rows, IReadOnlyList<BudgetLine> Budgets);

/// <summary>
/// Usage and cost from the ledger (<c>llm_usage</c>), grouped by day, model or task, with the budgets in
/// their current period. A tenant reads its own (row-level security); an operator reads every tenant.
/// </summary>
public sealed class UsageReports(TimeProvider time)
{
    /// <summary>The widest window one report covers, so a report stays cheap.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public async Task<UsageReport> ForTenantAsync(Databases databases, Guid tenantId, DateTimeOffset from, DateTimeOffset to, UsageGrouping groupBy, CancellationToken ct)
    {
        Check(from, to);
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "usage.report", ct);
        await using var rows = session.Command(RowsSql(groupBy, acrossTenants: false));
        await using var budgets = session.Command(BudgetsSql(acrossTenants: false));
        var report = await ReadAsync(rows, budgets, from, to, groupBy, tenantId, ct);
        await session.CommitAsync(ct);
        return report;
    }

    /// <summary>For operators: every tenant, over the operator's connection (its policy sees all rows).</summary>
    public async Task<UsageReport> AcrossTenantsAsync(NpgsqlDataSource operatorDb, Guid? tenantId, DateTimeOffset from, DateTimeOffset to, UsageGrouping groupBy, CancellationToken ct)
    {
        Check(from, to);
        await using var connection = await operatorDb.OpenConnectionAsync(ct);
        await using var rows = new NpgsqlCommand(RowsSql(groupBy, acrossTenants: true), connection);
        await using var budgets = new NpgsqlCommand(BudgetsSql(acrossTenants: true), connection);
        return await ReadAsync(rows, budgets, from, to, groupBy, tenantId, ct);
    }

    private static void Check(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException("'to' must be after 'from'.");
        }
        if (to - from > MaxWindow)
        {
            throw new ArgumentException($"A report covers at most {MaxWindow.TotalDays:0} days.");
        }
    }

    private async Task<UsageReport> ReadAsync(NpgsqlCommand rows, NpgsqlCommand budgets, DateTimeOffset from, DateTimeOffset to, UsageGrouping groupBy, Guid? tenantId, CancellationToken ct)
    {
        rows.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        rows.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        rows.Parameters.Add(new NpgsqlParameter { Value = (object?)tenantId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var lines = new List<UsageRow>();
        await using (var r = await rows.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                lines.Add(new UsageRow(
                    r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                    Usd(r.GetInt64(6)), r.GetInt64(7), Usd(r.GetInt64(8))));
            }
        }

        var now = time.GetUtcNow();
        budgets.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = BudgetPeriod.StartOf(now) });
        budgets.Parameters.Add(new NpgsqlParameter { Value = (object?)tenantId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        var budgetLines = new List<BudgetLine>();
        await using (var r = await budgets.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                long? tokenLimit = r.IsDBNull(2) ? null : r.GetInt64(2);
                long? costLimit = r.IsDBNull(3) ? null : r.GetInt64(3);
                var (reservedTokens, spentTokens, reservedMicros, spentMicros) = (r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
                budgetLines.Add(new BudgetLine(
                    r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1),
                    tokenLimit, spentTokens, reservedTokens, tokenLimit is { } tl ? Math.Max(0, tl - spentTokens - reservedTokens) : null,
                    costLimit is { } cl ? Usd(cl) : null, Usd(spentMicros), Usd(reservedMicros),
                    costLimit is { } c ? Usd(Math.Max(0, c - spentMicros - reservedMicros)) : null,
                    BudgetPeriod.StartOf(now), BudgetPeriod.EndOf(now)));
            }
        }
        return new UsageReport(from, to, groupBy.ToString().ToLowerInvariant(), lines, budgetLines);
    }

    private static decimal Usd(long micros) => micros / 1_000_000m;

    private static string RowsSql(UsageGrouping groupBy, bool acrossTenants)
    {
        var key = groupBy switch
        {
            UsageGrouping.Day => "to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            UsageGrouping.Model => "u.model",
            _ => "u.feature",
        };
        var sql = new StringBuilder($"""
            SELECT {(acrossTenants ? "t.slug" : "NULL::text")}, {key} AS k,
                   count(*) FILTER (WHERE u.state = 'settled'),
                   count(*) FILTER (WHERE u.state = 'cache_hit'),
                   COALESCE(sum(u.input_tokens), 0)::bigint, COALESCE(sum(u.output_tokens), 0)::bigint,
                   COALESCE(sum(u.cost_micros), 0)::bigint,
                   COALESCE(sum(u.saved_tokens), 0)::bigint, COALESCE(sum(u.saved_micros), 0)::bigint
              FROM llm_usage u
            """);
        if (acrossTenants)
        {
            sql.Append(" JOIN tenants t ON t.id = u.tenant_id");
        }
        sql.Append(" WHERE u.created_at >= $1 AND u.created_at < $2 AND u.state IN ('settled', 'cache_hit') AND ($3::uuid IS NULL OR u.tenant_id = $3)");
        sql.Append(acrossTenants ? " GROUP BY t.slug, k ORDER BY t.slug, k" : " GROUP BY k ORDER BY k");
        return sql.ToString();
    }

    private static string BudgetsSql(bool acrossTenants) => $"""
        SELECT {(acrossTenants ? "t.slug" : "NULL::text")}, b.feature, b.token_limit, b.cost_limit_micros,
               COALESCE(p.reserved_tokens, 0), COALESCE(p.settled_tokens, 0), COALESCE(p.reserved_micros, 0), COALESCE(p.settled_micros, 0)
          FROM llm_budgets b
          {(acrossTenants ? "JOIN tenants t ON t.id = b.tenant_id" : "")}
          LEFT JOIN llm_budget_periods p ON p.budget_id = b.id AND p.period_start = $1
         WHERE ($2::uuid IS NULL OR b.tenant_id = $2)
         ORDER BY {(acrossTenants ? "t.slug, " : "")}b.feature
        """;
}
