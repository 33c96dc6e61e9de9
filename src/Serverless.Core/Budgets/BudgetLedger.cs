using Npgsql;
using Serverless.Core.Data;

namespace Serverless.Core.Budgets;

/// <summary>
/// Reserve → settle → release against a tenant's budgets, in PostgreSQL (migrations 0080, 0161 and 0165 hold
/// the functions; each step is one statement, sent with the tenant prelude in one round trip). The worker
/// reserves a call's worst case before it goes out and settles to the provider's usage after it, or releases it.
/// </summary>
public sealed class BudgetLedger(Databases databases, TimeProvider time)
{
    /// <summary>Holds the worst case of a call, or says which budget refuses it (nothing is held then).</summary>
    public async Task<ReserveOutcome> ReserveAsync(BudgetReservation call, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(call.Tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(call.CostMicros);
        // One statement, one round trip: llm_reserve_atomic undoes a refusal itself (0161).
        return await TenantSession.OnceAsync(databases, DataSourceKind.Primary, call.TenantId, "budget.reserve",
            "SELECT * FROM llm_reserve_atomic($1, $2, $3, $4, $5, $6, $7)",
            p =>
            {
                p.Add(new NpgsqlParameter<string> { TypedValue = call.UsageId });
                p.Add(new NpgsqlParameter<Guid> { TypedValue = call.TenantId });
                p.Add(new NpgsqlParameter<string> { TypedValue = call.Feature });
                p.Add(new NpgsqlParameter<string> { TypedValue = call.Model });
                p.Add(new NpgsqlParameter<long> { TypedValue = call.Tokens });
                p.Add(new NpgsqlParameter<long> { TypedValue = call.CostMicros });
                p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
            },
            async (r, token) =>
            {
                await r.ReadAsync(token);
                return r.GetString(0) switch
                {
                    "reserved" => (ReserveOutcome)new ReserveOutcome.Reserved(Replayed: false),
                    "replayed" => new ReserveOutcome.Reserved(Replayed: true),
                    _ => new ReserveOutcome.Refused(new BudgetRefusal(
                        r.GetGuid(1), r.GetString(2), r.GetString(3) == "tokens" ? BudgetMeasure.Tokens : BudgetMeasure.Cost,
                        r.GetInt64(4), r.GetInt64(5), r.GetString(3) == "tokens" ? call.Tokens : call.CostMicros,
                        r.GetFieldValue<DateTimeOffset>(6), ParseWhenExhausted(r.GetString(7)))),
                };
            },
            ct);
    }

    /// <summary>Counts what the provider reported and returns the hold. Settling twice changes nothing.</summary>
    /// <returns>The warning thresholds this settlement crossed (each reported once per budget and period).</returns>
    public async Task<IReadOnlyList<BudgetWarning>> SettleAsync(Guid tenantId, string usageId, SettledUsage usage, CancellationToken ct)
    {
        // One statement, one round trip with the tenant prelude: llm_settle also queues the webhook deliveries of the
        // thresholds it crossed (0165), in the same implicit transaction, so they are never lost nor queued twice.
        return await TenantSession.OnceAsync(databases, DataSourceKind.Primary, tenantId, "budget.settle", SettleSql,
            p => BindSettle(p, usageId, usage), (r, token) => ReadCrossedAsync(r, tenantId, token), ct);
    }

    /// <summary>
    /// Settles each pending settlement on its own (what a job's completion did not take), reporting the thresholds
    /// crossed. Pending ones stay pending if one fails.
    /// </summary>
    public async Task SettleAsync(PendingSettlements pending, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pending);
        foreach (var settlement in pending.Snapshot())
        {
            var crossed = await SettleAsync(settlement.TenantId, settlement.UsageId, settlement.Usage, ct);
            pending.Settled([(settlement, crossed)]);
        }
    }

    /// <summary>
    /// Settles the pending settlements of <paramref name="session"/>'s tenant inside its transaction, e.g. a job's
    /// completion, so they commit with it; <paramref name="with"/> (the completion's own statement, which returns no
    /// rows) goes in the same round trip. Call <see cref="PendingSettlements.Settled"/> with the result after the
    /// commit (not before: a rolled-back settle must stay pending). Send it last before the commit: it locks the
    /// budgets' period rows, and other calls of the tenant queue on those locks until the commit.
    /// </summary>
    public static async Task<IReadOnlyList<(PendingSettlement Settlement, IReadOnlyList<BudgetWarning> Crossed)>> SettleWithinAsync(
        TenantSession session, Guid tenantId, PendingSettlements? pending, NpgsqlBatchCommand? with, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var settlements = (pending?.Snapshot() ?? []).Where(s => s.TenantId == tenantId).ToList();
        await using var batch = session.Batch();
        foreach (var settlement in settlements)
        {
            var settle = new NpgsqlBatchCommand(SettleSql);
            BindSettle(settle.Parameters, settlement.UsageId, settlement.Usage);
            batch.BatchCommands.Add(settle);
        }
        if (with is not null)
        {
            batch.BatchCommands.Add(with);
        }
        var done = new List<(PendingSettlement, IReadOnlyList<BudgetWarning>)>();
        if (batch.BatchCommands.Count == 0)
        {
            return done;
        }
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            foreach (var settlement in settlements)
            {
                done.Add((settlement, await ReadCrossedAsync(r, tenantId, ct)));
                await r.NextResultAsync(ct);
            }
        }
        return done;
    }

    private const string SettleSql = "SELECT * FROM llm_settle($1, $2, $3, $4, $5)";

    private static void BindSettle(NpgsqlParameterCollection p, string usageId, SettledUsage usage)
    {
        p.Add(new NpgsqlParameter<string> { TypedValue = usageId });
        p.Add(new NpgsqlParameter<long> { TypedValue = usage.InputTokens });
        p.Add(new NpgsqlParameter<long> { TypedValue = usage.OutputTokens });
        p.Add(new NpgsqlParameter<long> { TypedValue = usage.CostMicros });
        p.Add(new NpgsqlParameter<string> { TypedValue = usage.PriceVersion });
    }

    private static async Task<IReadOnlyList<BudgetWarning>> ReadCrossedAsync(NpgsqlDataReader r, Guid tenantId, CancellationToken ct)
    {
        var crossed = new List<BudgetWarning>();
        while (await r.ReadAsync(ct))
        {
            crossed.Add(new BudgetWarning(r.GetGuid(0), tenantId, r.GetString(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3)));
        }
        return crossed;
    }

    /// <summary>Returns a failed or timed-out call's hold. Idempotent; false when there was nothing to release.</summary>
    public async Task<bool> ReleaseAsync(Guid tenantId, string usageId, CancellationToken ct)
    {
        return await TenantSession.OnceAsync(databases, DataSourceKind.Primary, tenantId, "budget.release", "SELECT llm_release($1)",
            p => p.Add(new NpgsqlParameter<string> { TypedValue = usageId }),
            async (r, token) => await r.ReadAsync(token) && r.GetBoolean(0),
            ct);
    }

    /// <summary>The sweeper: releases holds older than <paramref name="olderThan"/> whose job died, for every tenant.</summary>
    public async Task<int> ReleaseStaleAsync(TimeSpan olderThan, CancellationToken ct)
    {
        await using var sweep = databases.Primary.CreateCommand("SELECT llm_release_stale($1)");
        sweep.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)Math.Ceiling(olderThan.TotalSeconds) });
        return (int)(await sweep.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Records a call the cache answered: no spend, only what it saved.</summary>
    public async Task RecordCacheHitAsync(Guid tenantId, string usageId, string feature, string model, CacheKind kind, long savedTokens, long savedMicros, CancellationToken ct)
    {
        // One statement in one round trip with the tenant prelude (no BEGIN/COMMIT of its own).
        await TenantSession.OnceAsync(databases, DataSourceKind.Primary, tenantId, "budget.cache_hit", """
            INSERT INTO llm_usage (id, tenant_id, feature, model, state, saved_tokens, saved_micros, cache_kind, completed_at)
            VALUES ($1, $2, $3, $4, 'cache_hit', $5, $6, $7, now())
            ON CONFLICT (id) DO NOTHING
            """,
            p =>
            {
                p.Add(new NpgsqlParameter<string> { TypedValue = usageId });
                p.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
                p.Add(new NpgsqlParameter<string> { TypedValue = feature });
                p.Add(new NpgsqlParameter<string> { TypedValue = model });
                p.Add(new NpgsqlParameter<long> { TypedValue = savedTokens });
                p.Add(new NpgsqlParameter<long> { TypedValue = savedMicros });
                p.Add(new NpgsqlParameter<string> { TypedValue = kind == CacheKind.Exact ? "exact" : "semantic" });
            },
            static (_, _) => Task.FromResult(true),
            ct);
    }

    /// <summary>Records a refusal in the audit log (the refused reservation itself rolled back).</summary>
    public Task AuditRefusalAsync(Guid tenantId, BudgetRefusal refusal, CancellationToken ct) =>
        AuditRefusalAsync(tenantId, refusal.BudgetId, ct);

    /// <summary>Records in the audit log that <paramref name="budgetId"/> refused a call or a request (<c>budget.refused</c>).</summary>
    public async Task AuditRefusalAsync(Guid tenantId, Guid budgetId, CancellationToken ct)
    {
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "budget.refused", ct);
        await using var insert = session.Command("""
            INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, request_id)
            VALUES ($1, COALESCE(NULLIF(current_setting('app.actor', true), ''), 'db:' || session_user),
                    'budget.refused', 'budget', $2, NULLIF(current_setting('app.request_id', true), ''))
            """);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = budgetId });
        await insert.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    /// <summary>Creates or replaces the tenant's budget for a feature (<see cref="Budget.AllFeatures"/> for all).</summary>
    public async Task<Budget> SetAsync(Guid tenantId, string feature, long? tokenLimit, long? costLimitMicros, IReadOnlyList<int>? warnAtPercent, WhenExhausted whenExhausted, CancellationToken ct)
    {
        if (tokenLimit is null && costLimitMicros is null)
        {
            throw new ArgumentException("A budget needs a token limit, a cost limit, or both.");
        }
        if (tokenLimit < 0 || costLimitMicros < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenLimit), "Limits cannot be negative.");
        }
        var warn = warnAtPercent ?? [80, 100];
        if (warn.Any(p => p is < 1 or > 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(warnAtPercent), "Warning thresholds are percentages from 1 to 1000.");
        }
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "budget.set", ct);
        await using var upsert = session.Command("""
            INSERT INTO llm_budgets (tenant_id, feature, token_limit, cost_limit_micros, warn_at_percent, when_exhausted)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id, feature) DO UPDATE
               SET token_limit = EXCLUDED.token_limit, cost_limit_micros = EXCLUDED.cost_limit_micros,
                   warn_at_percent = EXCLUDED.warn_at_percent, when_exhausted = EXCLUDED.when_exhausted, updated_at = now()
            RETURNING id
            """);
        upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feature });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)tokenLimit ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)costLimitMicros ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        upsert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = warn.Order().ToArray() });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = whenExhausted == WhenExhausted.Downgrade ? "downgrade" : "refuse" });
        var id = (Guid)(await upsert.ExecuteScalarAsync(ct))!;
        await session.CommitAsync(ct);
        return new Budget(id, tenantId, feature, tokenLimit, costLimitMicros, warn.Order().ToArray(), whenExhausted);
    }

    /// <summary>Every budget of the tenant that applies to <paramref name="feature"/>, in the current period.</summary>
    public async Task<IReadOnlyList<BudgetStatus>> StatusAsync(Guid tenantId, string feature, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var start = BudgetPeriod.StartOf(now);
        await using var session = await TenantSession.BeginAsync(databases, DataSourceKind.Primary, tenantId, "budget.status", ct);
        await using var select = session.Command("""
            SELECT b.id, b.feature, b.token_limit, b.cost_limit_micros, b.warn_at_percent, b.when_exhausted,
                   COALESCE(p.reserved_tokens, 0), COALESCE(p.settled_tokens, 0), COALESCE(p.reserved_micros, 0), COALESCE(p.settled_micros, 0)
              FROM llm_budgets b
              LEFT JOIN llm_budget_periods p ON p.budget_id = b.id AND p.period_start = $3
             WHERE b.tenant_id = $1 AND (b.feature = '*' OR b.feature = $2 OR $2 = '*')
             ORDER BY b.feature
            """);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = feature });
        select.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
        var statuses = new List<BudgetStatus>();
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var budget = new Budget(
                    r.GetGuid(0), tenantId, r.GetString(1),
                    r.IsDBNull(2) ? null : r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3),
                    r.GetFieldValue<int[]>(4), ParseWhenExhausted(r.GetString(5)));
                statuses.Add(new BudgetStatus(budget, start, BudgetPeriod.EndOf(now), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9)));
            }
        }
        await session.CommitAsync(ct);
        return statuses;
    }

    private static WhenExhausted ParseWhenExhausted(string value) => value == "downgrade" ? WhenExhausted.Downgrade : WhenExhausted.Refuse;
}

public enum CacheKind
{
    Exact,
    Semantic,
}
