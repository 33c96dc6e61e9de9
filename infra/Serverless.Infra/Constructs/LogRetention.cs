using Amazon.CDK.AWS.Logs;

namespace Serverless.Infra.Constructs;

/// <summary>Configuration speaks in days; CloudWatch accepts only certain values, named by an enum.</summary>
public static class LogRetention
{
    private static readonly (int Days, RetentionDays Value)[] Allowed =
    [
        (1, RetentionDays.ONE_DAY), (3, RetentionDays.THREE_DAYS), (5, RetentionDays.FIVE_DAYS),
        (7, RetentionDays.ONE_WEEK), (14, RetentionDays.TWO_WEEKS), (30, RetentionDays.ONE_MONTH),
        (60, RetentionDays.TWO_MONTHS), (90, RetentionDays.THREE_MONTHS), (120, RetentionDays.FOUR_MONTHS),
        (150, RetentionDays.FIVE_MONTHS), (180, RetentionDays.SIX_MONTHS), (365, RetentionDays.ONE_YEAR),
        (400, RetentionDays.THIRTEEN_MONTHS), (545, RetentionDays.EIGHTEEN_MONTHS), (731, RetentionDays.TWO_YEARS),
    ];

    /// <summary>The shortest allowed retention that keeps logs at least <paramref name="days"/> days.</summary>
    public static RetentionDays AtLeast(int days) =>
        Allowed.FirstOrDefault(a => a.Days >= days, Allowed[^1]).Value;
}
