using System.Collections.Frozen;

namespace Serverless.Llm.Caching.Semantic;

/// <summary>The word lists the guards read. General English, not tuned to the labelled set's pairs.</summary>
internal static class Lexicon
{
    public static readonly FrozenSet<string> Negations = Set(
        "not", "no", "never", "without", "none", "nobody", "nothing", "neither", "nor", "cannot", "nowhere",
        "against", "instead", "except", "excluding", "lack", "lacking", "avoid", "avoiding", "skip", "skipping",
        "dont", "doesnt", "isnt", "arent", "wont", "cant", "shouldnt", "wouldnt", "couldnt", "didnt");

    public static readonly FrozenDictionary<string, string> NumberWords = new Dictionary<string, string>
    {
        ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5",
        ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11",
        ["twelve"] = "12", ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16",
        ["seventeen"] = "17", ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20", ["thirty"] = "30",
        ["forty"] = "40", ["fifty"] = "50", ["sixty"] = "60", ["seventy"] = "70", ["eighty"] = "80",
        ["ninety"] = "90", ["hundred"] = "100", ["thousand"] = "1000", ["million"] = "1000000",
        ["billion"] = "1000000000", ["dozen"] = "12", ["first"] = "1st", ["second"] = "2nd", ["third"] = "3rd",
        ["fourth"] = "4th", ["fifth"] = "5th", ["tenth"] = "10th", ["half"] = "0.5", ["double"] = "x2",
        ["twice"] = "x2", ["triple"] = "x3", ["single"] = "1", ["couple"] = "2", ["pair"] = "2",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>What may follow digits in a quantity ("3rd", "10x", "20s", "5km").</summary>
    public static readonly FrozenSet<string> NumberSuffixes = Set(
        "st", "nd", "rd", "th", "s", "x", "k", "m", "km", "kg", "g", "mb", "gb", "tb", "ms", "h", "min", "am", "pm");

    public static readonly FrozenSet<string> Temporal = Set(
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "weekday",
        "spring", "summer", "autumn", "fall", "winter", "today", "tomorrow", "yesterday", "tonight",
        "next", "last", "previous", "upcoming", "past", "future", "current", "morning", "evening", "night",
        "daily", "weekly", "monthly", "quarterly", "yearly", "annual", "annually");

    public static readonly FrozenSet<string> Locales = Set(
        "english", "german", "french", "spanish", "italian", "portuguese", "dutch", "polish", "swedish", "finnish",
        "norwegian", "danish", "czech", "greek", "turkish", "russian", "ukrainian", "arabic", "hebrew", "hindi",
        "chinese", "mandarin", "cantonese", "japanese", "korean", "thai", "vietnamese", "indonesian", "malay",
        "romanian", "hungarian", "bulgarian", "croatian", "serbian", "irish", "welsh", "scottish", "catalan",
        "basque", "brazilian", "mexican", "canadian", "american", "british", "australian", "indian", "european",
        "swiss", "austrian", "belgian", "uk", "us", "usa", "eu", "gb", "de", "fr", "es", "it", "nl", "pt", "br",
        "germany", "france", "spain", "italy", "portugal", "netherlands", "poland", "sweden", "finland", "norway",
        "denmark", "austria", "switzerland", "belgium", "ireland", "greece", "turkey", "russia", "ukraine",
        "china", "japan", "korea", "india", "brazil", "mexico", "canada", "australia", "britain", "england",
        "scotland", "wales", "america", "europe", "asia", "africa", "latam", "emea", "apac", "regional", "local",
        "metric", "imperial", "uk's", "us-english", "en", "en-us", "en-gb", "de-de", "fr-fr", "es-es");

    /// <summary>Words that start a request or a title in capitals without being a name.</summary>
    public static readonly FrozenSet<string> CommonWords = Set(
        "a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "their", "its", "his", "her",
        "i", "we", "you", "they", "it", "he", "she", "me", "us", "them",
        "write", "draft", "create", "compose", "generate", "produce", "prepare", "make", "give", "list", "explain",
        "describe", "summarize", "summarise", "outline", "introduce", "review", "translate", "rewrite", "edit",
        "plan", "suggest", "compare", "tell", "show", "help", "provide", "build", "design", "propose", "recommend",
        "how", "what", "why", "when", "where", "which", "who", "whom", "whose", "is", "are", "was", "were", "do",
        "does", "did", "can", "could", "should", "would", "will", "may", "might", "must", "shall",
        "and", "or", "but", "for", "of", "in", "on", "at", "to", "from", "by", "with", "about", "into", "over",
        "under", "after", "before", "between", "through", "during", "against", "without", "within", "via",
        "blog", "post", "article", "guide", "tips", "faq", "intro", "introduction", "overview", "summary",
        "newsletter", "email", "letter", "note", "notice", "announcement", "invite", "invitation", "recap",
        "product", "description", "page", "landing", "copy", "bio", "biography", "essay", "poem", "story",
        "headline", "title", "tweet", "caption", "checklist", "recipe", "report", "press", "release", "update",
        "best", "top", "new", "how-to", "ultimate", "complete", "quick", "short", "brief", "simple", "easy",
        "first", "final", "why", "ten", "five", "three", "please", "here", "there", "now", "then", "all", "every",
        "some", "any", "more", "most", "less", "least", "many", "much", "few", "other", "another", "each",
        "chapter", "part", "section", "step", "steps", "ways", "reasons", "ideas", "things", "questions",
        "answers", "benefits", "advantages", "pros", "cons", "history", "future", "state", "rise", "fall");

    /// <summary>Words that carry no topic: function words and the verbs a request starts with.</summary>
    public static readonly FrozenSet<string> Unweighted = Set(
        "a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "their", "its", "his", "her",
        "i", "we", "you", "they", "it", "he", "she", "me", "us", "them", "what", "how", "why", "when", "where",
        "which", "who", "is", "are", "was", "were", "be", "been", "do", "does", "did", "can", "could", "should",
        "would", "will", "may", "might", "must", "and", "or", "but", "for", "of", "in", "on", "at", "to", "from",
        "by", "with", "about", "into", "as", "so", "than", "also", "please", "some", "any", "all", "there", "here",
        "write", "draft", "create", "compose", "generate", "produce", "prepare", "give", "explain", "describe",
        "summarize", "summarise", "provide", "tell", "show", "list", "outline", "present", "cover", "covering",
        "explaining", "explains", "listing", "describing", "work", "works", "working");

    /// <summary>
    /// Axes of opposite meaning: a request on one pole must not be served an answer written for the other.
    /// Each entry is two groups of words (forms spelled out, no stemming).
    /// </summary>
    public static readonly IReadOnlyList<(FrozenSet<string> Left, FrozenSet<string> Right)> Opposites =
    [
        Axis(["benefit", "benefits", "advantage", "advantages", "pros", "pro", "strength", "strengths", "upside", "upsides", "merits", "good", "positive", "positives", "opportunities", "helps"],
             ["drawback", "drawbacks", "disadvantage", "disadvantages", "cons", "con", "weakness", "weaknesses", "downside", "downsides", "harm", "harms", "harmful", "risk", "risks", "danger", "dangers", "pitfalls", "bad", "negative", "negatives", "threats", "problems", "criticisms", "mistakes"]),
        Axis(["best", "greatest", "top"], ["worst"]),
        Axis(["better", "improve", "improving"], ["worse", "worsen"]),
        Axis(["increase", "increasing", "raise", "raising", "grow", "growing", "gain", "gaining", "boost", "more", "higher", "rise", "rising", "up", "maximize", "maximise"],
             ["decrease", "decreasing", "reduce", "reducing", "lower", "lowering", "shrink", "lose", "losing", "cut", "cutting", "less", "fewer", "drop", "fall", "falling", "decline", "down", "minimize", "minimise"]),
        Axis(["beginner", "beginners", "novice", "novices", "newcomers", "basic", "basics", "introductory", "junior", "juniors"],
             ["expert", "experts", "advanced", "professional", "professionals", "experienced", "senior", "seniors"]),
        Axis(["adult", "adults", "grown-ups"], ["child", "children", "kids", "kid", "toddler", "toddlers", "teen", "teens", "teenagers", "baby", "babies"]),
        Axis(["men", "men's", "man", "male", "boys", "boy"], ["women", "women's", "woman", "female", "girls", "girl"]),
        Axis(["short", "shorter", "brief", "concise", "quick"], ["long", "longer", "detailed", "in-depth", "lengthy", "extended", "comprehensive"]),
        Axis(["cheap", "cheaper", "cheapest", "cheaply", "affordable", "budget", "inexpensive", "frugal"], ["expensive", "luxury", "luxurious", "luxuriously", "premium", "costly", "pricey"]),
        Axis(["fast", "faster", "fastest", "quick", "quickly", "speed"], ["slow", "slower", "slowest", "slowly", "slows"]),
        Axis(["easy", "easiest", "easier", "simple", "simplest", "simpler"], ["hard", "hardest", "harder", "difficult", "complex", "complicated", "toughest"]),
        Axis(["hot", "warm", "warmer", "heat", "heating"], ["cold", "cool", "cooler", "chilled", "cooling"]),
        Axis(["safe", "safest", "safer", "secure"], ["dangerous", "unsafe", "risky", "insecure", "toxic"]),
        Axis(["healthy", "healthiest", "healthier"], ["unhealthy", "unhealthiest", "unhealthier"]),
        Axis(["buy", "buying", "purchase", "purchasing", "rent", "renting", "lease"], ["sell", "selling", "sale"]),
        Axis(["start", "starting", "begin", "beginning", "open", "opening", "launch", "launching", "found", "onboarding", "join", "joining"],
             ["stop", "stopping", "end", "ending", "close", "closing", "closed", "shut", "quit", "offboarding", "leave", "leaving", "departing"]),
        Axis(["enable", "enabling", "on", "activate", "turn-on", "install", "installing", "add", "adding", "subscribe"],
             ["disable", "disabling", "off", "deactivate", "turn-off", "uninstall", "uninstalling", "remove", "removing", "delete", "unsubscribe"]),
        Axis(["import", "importing", "upload", "uploading"], ["export", "exporting", "download", "downloading"]),
        Axis(["love", "loves", "like", "likes", "enjoy"], ["hate", "hates", "dislike", "dislikes"]),
        Axis(["success", "successful", "succeed", "succeeds", "win", "winning", "pass"], ["failure", "fail", "fails", "failed", "lose", "losing", "loss"]),
        Axis(["favour", "favor", "supporting", "support", "pro"], ["opposing", "oppose", "anti"]),
        Axis(["formal"], ["informal", "casual"]),
        Axis(["welcome", "hello", "offer", "acceptance", "accept", "approve", "approval"], ["farewell", "goodbye", "rejection", "reject", "decline", "deny", "denial"]),
        Axis(["asleep", "sleep", "sleeping"], ["wake", "awake", "waking"]),
        Axis(["old", "older", "oldest", "ancient", "legacy"], ["new", "newer", "newest", "modern", "latest"]),
        Axis(["before"], ["after"]),
        Axis(["small", "smaller", "smallest", "startups", "startup", "tiny"], ["large", "larger", "largest", "big", "bigger", "enterprises", "enterprise", "huge"]),
        Axis(["vegan", "vegetarian"], ["meat"]),
    ];

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);

    private static (FrozenSet<string>, FrozenSet<string>) Axis(string[] left, string[] right) => (Set(left), Set(right));
}
