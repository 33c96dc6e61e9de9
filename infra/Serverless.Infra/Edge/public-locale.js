// CloudFront Function (cloudfront-js-2.0), viewer request, on /public/*.
// Maps whatever locale a viewer asks for (?locale=, else Accept-Language) onto the configured set, and
// sends it to the cache key and the origin as the only query string: ?locale=<supported> or nothing (the
// tenant's default locale). Random values then share a handful of edge entries instead of each missing.
// CONFIG is filled in at synthesis from infra/config/<env>.json (edge.locales).
var CONFIG = __LOCALE_CONFIG__;

var MAX_LANGUAGE_RANGES = 16;

// A supported locale for one language tag, or null: "de-AT" matches "de-at", else "de".
function match(tag) {
    if (typeof tag !== 'string') {
        return null;
    }
    var t = tag.trim().toLowerCase().replace(/_/g, '-');
    if (t.length === 0 || t.length > 35) {
        return null;
    }
    if (CONFIG.supported.indexOf(t) >= 0) {
        return t;
    }
    var primary = t.split('-')[0];
    return CONFIG.supported.indexOf(primary) >= 0 ? primary : null;
}

// The supported locale with the highest q-value in an Accept-Language header (first wins a tie).
function fromAcceptLanguage(header) {
    var best = null;
    var bestQ = 0;
    var ranges = header.split(',');
    for (var i = 0; i < ranges.length && i < MAX_LANGUAGE_RANGES; i++) {
        var parts = ranges[i].split(';');
        var q = 1;
        for (var j = 1; j < parts.length; j++) {
            var p = parts[j].trim();
            if (p.indexOf('q=') === 0) {
                q = parseFloat(p.substring(2));
                if (isNaN(q) || q < 0 || q > 1) {
                    q = 0;
                }
            }
        }
        if (q > bestQ) {
            var found = match(parts[0]);
            if (found !== null) {
                best = found;
                bestQ = q;
            }
        }
    }
    return best;
}

function normalise(request) {
    var asked = request.querystring.locale;
    if (asked) {
        // An explicit choice wins, even when it is not supported: then the default, not Accept-Language.
        return match(asked.value) || CONFIG.fallback;
    }
    var header = request.headers['accept-language'];
    return (header && fromAcceptLanguage(header.value)) || CONFIG.fallback;
}

function handler(event) {
    var request = event.request;
    var locale = normalise(request);
    request.querystring = locale ? { locale: { value: locale } } : {};
    delete request.headers['accept-language'];
    return request;
}
