package org.cutmixsl.spark.report;

import org.cutmixsl.common.math.MeanInterval;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page: inline CSS, images by relative paths inside the report's folder, no assets from
 * the network. A small inline script marks, once the page has loaded, each image {@code data-load="ok"} or
 * {@code "broken"}, records the count on {@code <body data-images="ok/total">} and any resource the page
 * fetched from outside its folder's {@code file:} URLs on {@code data-external}, and shows a warning line at
 * the top when an image failed to load.
 */
final class Html {

    private static final String CSS = """
            body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px auto;
                   max-width: 1180px; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
            h3 { font-size: 1.05em; margin-top: 1.2em; }
            p.note, li.note { color: #444; font-size: 0.93em; }
            p.warn { background: #fdd; border: 1px solid #c00; padding: 6px; }
            table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 0.86em; }
            th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
            th { background: #f2f2f2; }
            td.text, th.text { text-align: left; }
            figure { margin: 10px 0 18px 0; }
            figure img { max-width: 100%; border: 1px solid #eee; }
            figcaption { font-size: 0.88em; color: #444; }
            .grids figure img { image-rendering: pixelated; }
            code { background: #f4f4f4; padding: 0 3px; }
            """;

    private static final String CHECK_SCRIPT = """
            window.addEventListener('load', function () {
              var images = document.images, ok = 0, broken = [];
              for (var i = 0; i < images.length; i++) {
                var good = images[i].complete && images[i].naturalWidth > 0;
                images[i].setAttribute('data-load', good ? 'ok' : 'broken');
                if (good) { ok++; } else { broken.push(images[i].getAttribute('src')); }
              }
              document.body.setAttribute('data-images', ok + '/' + images.length);
              var external = [];
              if (window.performance && performance.getEntriesByType) {
                performance.getEntriesByType('resource').forEach(function (r) {
                  if (r.name.indexOf('file:') !== 0) { external.push(r.name); }
                });
              }
              document.body.setAttribute('data-external', external.join(' '));
              if (broken.length > 0) {
                var p = document.createElement('p');
                p.className = 'warn';
                p.textContent = 'Images that failed to load: ' + broken.join(', ');
                document.body.insertBefore(p, document.body.firstChild);
              }
            });
            """;

    private final StringBuilder out = new StringBuilder();

    Html(String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n<script>\n")
                .append(CHECK_SCRIPT).append("</script>\n</head>\n<body>\n");
    }

    Html h1(String text) {
        return tag("h1", text);
    }

    Html h2(String text) {
        return tag("h2", text);
    }

    Html h3(String text) {
        return tag("h3", text);
    }

    Html p(String text) {
        return tag("p", text);
    }

    Html note(String text) {
        out.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    Html list(List<String> items) {
        out.append("<ul>\n");
        for (String item : items) {
            out.append("<li>").append(escape(item)).append("</li>\n");
        }
        out.append("</ul>\n");
        return this;
    }

    /** An image with a caption; {@code src} is relative to the report. */
    Html figure(String src, String alt, String caption) {
        out.append("<figure><img src=\"").append(escape(src)).append("\" alt=\"").append(escape(alt))
                .append("\">");
        if (caption != null && !caption.isBlank()) {
            out.append("<figcaption>").append(escape(caption)).append("</figcaption>");
        }
        out.append("</figure>\n");
        return this;
    }

    Html open(String cssClass) {
        out.append("<div class=\"").append(escape(cssClass)).append("\">\n");
        return this;
    }

    Html close() {
        out.append("</div>\n");
        return this;
    }

    /**
     * A table; the first {@code textColumns} columns are left-aligned text.
     *
     * @param header column titles
     * @param rows cells as text
     * @param textColumns leading text columns
     * @return this
     */
    Html table(List<String> header, List<List<String>> rows, int textColumns) {
        out.append("<table>\n<tr>");
        for (int c = 0; c < header.size(); c++) {
            out.append(c < textColumns ? "<th class=\"text\">" : "<th>").append(escape(header.get(c))).append("</th>");
        }
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                out.append(c < textColumns ? "<td class=\"text\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        return this;
    }

    String render() {
        return out + "</body>\n</html>\n";
    }

    private Html tag(String tag, String text) {
        out.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** @return a number with the given decimals, "–" when missing */
    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** @return mean ± std with the given decimals ("–" when missing; no ± with one value) */
    static String meanStd(MeanInterval s, double scale, int decimals) {
        if (s.n() == 0) {
            return "–";
        }
        String mean = String.format(Locale.ROOT, "%." + decimals + "f", s.mean() * scale);
        return s.n() > 1 ? mean + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", s.sd() * scale) : mean;
    }
}
