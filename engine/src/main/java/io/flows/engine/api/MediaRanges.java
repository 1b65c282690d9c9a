package io.flows.engine.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An {@code Accept} header read as RFC 9110 (§12.5.1) says: media ranges with wildcards ({@code application/*},
 * {@code *}{@code /*}) and quality values, where the most specific range that matches a type decides its quality and
 * {@code q=0} means "not acceptable". Parameters other than {@code q} are ignored, as the framework ignores them too.
 */
final class MediaRanges {

    private record Range(String type, String subtype, double q) {

        /** 2 for type/subtype, 1 for type/*, 0 for *{@code /*}; -1 when the range does not match at all. */
        int specificity(String mediaType) {
            int slash = mediaType.indexOf('/');
            String t = mediaType.substring(0, slash);
            String s = mediaType.substring(slash + 1);
            if (type.equals("*")) {
                return 0;
            }
            if (!type.equals(t)) {
                return -1;
            }
            return subtype.equals("*") ? 1 : subtype.equals(s) ? 2 : -1;
        }
    }

    private final List<Range> ranges;

    private MediaRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The ranges of a header; none when it is absent, blank or holds nothing that reads as a media range. */
    static MediaRanges parse(String accept) {
        List<Range> ranges = new ArrayList<>();
        if (accept != null) {
            for (String element : accept.split(",")) {
                String[] parts = element.split(";");
                String name = parts[0].trim().toLowerCase(Locale.ROOT);
                int slash = name.indexOf('/');
                if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
                    continue; // not a media range: skipped rather than refusing the request for it
                }
                String type = name.substring(0, slash);
                String subtype = name.substring(slash + 1);
                if (type.equals("*") && !subtype.equals("*")) {
                    continue;
                }
                ranges.add(new Range(type, subtype, weight(parts)));
            }
        }
        return new MediaRanges(ranges);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The quality the header gives a media type ({@code type/subtype}): that of its most specific range, else 0. */
    double quality(String mediaType) {
        String name = mediaType.toLowerCase(Locale.ROOT);
        int best = -1;
        double q = 0;
        for (Range r : ranges) {
            int s = r.specificity(name);
            // of two equally specific ranges (application/json twice) the higher quality counts
            if (s > best || (s == best && r.q() > q)) {
                best = s;
                q = r.q();
            }
        }
        return best < 0 ? 0 : q;
    }

    /** Those of the given media types that are acceptable (quality above 0), the most wanted first. */
    List<String> acceptable(Collection<String> mediaTypes) {
        return mediaTypes.stream()
                .filter(t -> t.indexOf('/') > 0 && quality(t) > 0)
                .sorted(Comparator.comparingDouble((String t) -> quality(t)).reversed())
                .toList();
    }

    private static double weight(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return Double.isNaN(q) ? 1 : Math.max(0, Math.min(1, q));
                } catch (NumberFormatException e) {
                    return 1; // a malformed weight counts as the default rather than refusing the request
                }
            }
        }
        return 1;
    }
}
