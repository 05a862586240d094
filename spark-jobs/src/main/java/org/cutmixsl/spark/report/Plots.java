package org.cutmixsl.spark.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.common.io.Location;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart and written as PNG (BitmapEncoder, headless AWT). A variant keeps its
 * colour in every chart. Error bars are one standard deviation over seeds.
 */
final class Plots {

    static final int WIDTH = 820;
    static final int HEIGHT = 460;

    /** Colour-blind-friendly palette (Okabe and Ito), then greys. */
    private static final Color[] PALETTE = {
        new Color(0x000000), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xD55E00), new Color(0x0072B2), new Color(0xB8860B),
        new Color(0x666666), new Color(0x999999)
    };

    private Plots() {}

    /** One line of an XY chart. */
    record Line(String name, int colour, double[] x, double[] y, double[] error) {}

    /** One bar series of a category chart: a value (and spread) per category; NaN bars are left out. */
    record Bars(String name, int colour, List<String> categories, double[] y, double[] error) {}

    static Color colour(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /**
     * Writes a line chart with markers and error bars.
     *
     * @param file the PNG
     * @param title the chart title
     * @param xTitle x-axis title
     * @param yTitle y-axis title
     * @param lines the lines (those without points are skipped)
     * @param logX a logarithmic x axis (client counts)
     */
    static void lines(Location file, String title, String xTitle, String yTitle, List<Line> lines, boolean logX) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setXAxisLogarithmic(logX);
        int added = 0;
        for (Line l : lines) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (int i = 0; i < l.x().length; i++) {
                if (!Double.isNaN(l.x()[i]) && !Double.isNaN(l.y()[i])) {
                    x.add(l.x()[i]);
                    y.add(l.y()[i]);
                    e.add(l.error() == null || Double.isNaN(l.error()[i]) ? 0.0 : l.error()[i]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(l.name(), x, y, e);
            s.setLineColor(colour(l.colour()));
            s.setMarkerColor(colour(l.colour()));
            s.setMarker(SeriesMarkers.CIRCLE);
            added++;
        }
        if (added == 0) {
            chart.addSeries("no data", new double[] {0}, new double[] {0});
        }
        save(chart, file);
    }

    /**
     * Writes a bar chart: categories on x, one bar per series, error bars.
     *
     * @param file the PNG
     * @param title the chart title
     * @param yTitle y-axis title
     * @param bars the series
     */
    static void bars(Location file, String title, String yTitle, List<Bars> bars) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setXAxisLabelRotation(20);
        int added = 0;
        for (Bars b : bars) {
            List<String> categories = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (int i = 0; i < b.categories().size(); i++) {
                categories.add(b.categories().get(i));
                boolean missing = Double.isNaN(b.y()[i]);
                y.add(missing ? 0.0 : b.y()[i]);
                e.add(missing || b.error() == null || Double.isNaN(b.error()[i]) ? 0.0 : b.error()[i]);
            }
            if (categories.isEmpty()) {
                continue;
            }
            chart.addSeries(b.name(), categories, y, e).setFillColor(colour(b.colour()));
            added++;
        }
        if (added == 0) {
            chart.addSeries("no data", List.of("none"), List.of(0.0));
        }
        save(chart, file);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            axes.setPlotGridLinesColor(new Color(0xDDDDDD));
        }
    }

    private static void save(Chart<?, ?> chart, Location file) {
        try {
            file.writeBytes(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot " + file + ": " + e.getMessage(), e);
        }
    }
}
