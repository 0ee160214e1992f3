using System.Globalization;
using Cronos;

namespace BuildFarm.Core.Executions.Conditions;

/// <summary>
/// A DeploymentWindow rule's schedule: the minutes a cron expression matches, in a time zone (default UTC).
/// The window is open when the current minute, read in that zone, is one the expression matches; so
/// <c>* * 9-16 ? * MON-FRI *</c> is open from 09:00:00 to 16:59:59 on weekdays.
/// Two forms are read. CodePipeline's: 6 fields and an optional year, <c>SECOND MINUTE HOUR DAY-OF-MONTH MONTH
/// DAY-OF-WEEK [YEAR]</c>, the second being <c>*</c> and days of the week numbered 1-7 from Sunday (Quartz).
/// The standard 5 fields, <c>MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK</c>, days numbered 0-7 (0 and 7 are Sunday).
/// When both day fields are restricted, a day must match both.
/// </summary>
public sealed class DeploymentWindow
{
    private readonly CronExpression expression;
    private readonly YearField years;

    private DeploymentWindow(string cron, CronExpression expression, YearField years, TimeZoneInfo zone)
    {
        Cron = cron;
        this.expression = expression;
        this.years = years;
        Zone = zone;
    }

    public string Cron { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses the rule's Cron and TimeZone; null and the reason when either is not valid.</summary>
    public static DeploymentWindow? Parse(string cron, string? timeZone, out string? problem)
    {
        problem = null;
        var zone = TimeZoneOf(timeZone, ref problem);
        var fields = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string standard;
        var years = YearField.Any;
        switch (fields.Length)
        {
            case 5:
                standard = string.Join(' ', fields);
                break;
            case 6 or 7:
                if (fields[0] != "*")
                {
                    problem = $"the seconds field is '{fields[0]}'; it must be '*' (a window is made of whole minutes, as in CodePipeline)";
                    return null;
                }
                if (fields.Length == 7)
                {
                    if (YearField.Parse(fields[6]) is not { } parsed)
                    {
                        problem = $"the year field '{fields[6]}' is not valid: use *, years from 1970 to 2199, ranges (2025-2027), lists and steps";
                        return null;
                    }
                    years = parsed;
                }
                standard = string.Join(' ', fields[1..5].Append(QuartzDaysOfWeek(fields[5])));
                break;
            default:
                problem = $"'{cron}' has {fields.Length} field(s); write CodePipeline's 6 (SECOND MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK, " +
                          "optionally YEAR), e.g. '* * 9-16 ? * MON-FRI *', or the standard 5 (MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK)";
                return null;
        }
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(standard, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            problem = $"'{cron}' is not a valid cron expression: {e.Message}";
            return null;
        }
        return zone is null || problem is not null ? null : new DeploymentWindow(cron, expression, years, zone);
    }

    /// <summary>Whether the minute that holds <paramref name="now"/> is inside the window.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var minute = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return years.Matches(TimeZoneInfo.ConvertTime(minute, Zone).Year)
               && expression.GetNextOccurrence(minute, Zone, inclusive: true) == minute;
    }

    /// <summary>When the window next opens after <paramref name="now"/>, or null when it never does again.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now)
    {
        var from = now;
        for (var i = 0; i < 1000; i++)
        {
            if (expression.GetNextOccurrence(from, Zone) is not { } next) return null;
            var year = TimeZoneInfo.ConvertTime(next, Zone).Year;
            if (years.Matches(year)) return next;
            if (years.NextAfter(year) is not { } nextYear) return null;
            var startOfYear = new DateTime(nextYear, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            from = new DateTimeOffset(startOfYear, Zone.GetUtcOffset(startOfYear)).AddTicks(-1);
        }
        return null;
    }

    /// <summary>Local time in the window's zone, for messages.</summary>
    public string Describe(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Zone.Id;

    private static TimeZoneInfo? TimeZoneOf(string? id, ref string? problem)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problem = $"unknown time zone '{id}'; use an IANA name such as Europe/Berlin or America/New_York (default UTC)";
            return null;
        }
    }

    /// <summary>Quartz numbers days of the week 1-7 from Sunday; the standard form numbers them 0-6. Names stay.</summary>
    private static string QuartzDaysOfWeek(string field)
    {
        if (field == "L") return "6";
        return string.Join(',', field.Split(',').Select(item =>
        {
            var step = item.IndexOf('/');
            var head = step < 0 ? item : item[..step];
            var tail = step < 0 ? "" : item[step..];
            return Shift(head) + tail;
        }));

        static string Shift(string head)
        {
            var result = new System.Text.StringBuilder();
            var digits = "";
            foreach (var c in head + "\0")
            {
                if (char.IsAsciiDigit(c))
                {
                    digits += c;
                    continue;
                }
                if (digits.Length > 0)
                {
                    // After '#' comes the week number (6#3 = third Friday), not a day.
                    var isWeek = result.Length > 0 && result[^1] == '#';
                    result.Append(isWeek ? digits : (int.Parse(digits, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture));
                    digits = "";
                }
                if (c != '\0') result.Append(c);
            }
            return result.ToString();
        }
    }

    /// <summary>CodePipeline's optional year field: <c>*</c>, years, ranges and steps (1970-2199).</summary>
    private sealed class YearField(Func<int, bool> matches)
    {
        public static readonly YearField Any = new(_ => true);

        public bool Matches(int year) => matches(year);

        public int? NextAfter(int year)
        {
            for (var y = year + 1; y <= 2199; y++)
                if (matches(y)) return y;
            return null;
        }

        public static YearField? Parse(string field)
        {
            if (field is "*" or "?") return Any;
            var sets = new List<Func<int, bool>>();
            foreach (var item in field.Split(','))
            {
                if (Item(item) is not { } set) return null;
                sets.Add(set);
            }
            return new YearField(y => sets.Any(s => s(y)));
        }

        /// <summary>One item: <c>*</c>, <c>2025</c>, <c>2025-2027</c>, each optionally with <c>/step</c>.</summary>
        private static Func<int, bool>? Item(string item)
        {
            var parts = item.Split('/');
            var step = 1;
            if (parts.Length > 2 || (parts.Length == 2 && !TryYear(parts[1], out step))) return null;
            var range = parts[0].Split('-');
            int from, to;
            if (range.Length == 1 && range[0] == "*") (from, to) = (1970, 2199);
            else if (range.Length == 1 && TryYear(range[0], out from)) to = parts.Length == 2 ? 2199 : from;
            else if (range.Length == 2 && TryYear(range[0], out from) && TryYear(range[1], out to)) { }
            else return null;
            if (step < 1 || from < 1970 || to > 2199 || from > to) return null;
            return y => y >= from && y <= to && (y - from) % step == 0;
        }

        private static bool TryYear(string text, out int value) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
