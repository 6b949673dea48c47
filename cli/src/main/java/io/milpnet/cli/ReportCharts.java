package io.milpnet.cli;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of {@code milpnet report}, drawn by XChart and written as inline SVG (XChart's vector export through
 * VectorGraphics2D): the report needs no script and no network access to show them.
 */
final class ReportCharts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 380;

  private ReportCharts() {}

  /** One named series of x and y values. */
  record Series(String name, double[] x, double[] y) {}

  /** Incumbent and bound against time, as steps (they hold between two reports). */
  static String trace(String title, List<Series> series) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("seconds")
        .yAxisTitle("objective").build();
    style(chart.getStyler());
    for (Series s : series) {
      if (s.x().length == 0) {
        continue;
      }
      XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
      xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
      xy.setMarker(SeriesMarkers.CIRCLE);
    }
    return svg(chart);
  }

  /**
   * Accuracy against a cost, one scatter series of all runs per group and a line through each group's Pareto-optimal
   * runs.
   */
  static String pareto(String title, String costName, Map<String, Series> all, Map<String, Series> fronts) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(costName)
        .yAxisTitle("test accuracy").build();
    style(chart.getStyler());
    for (Map.Entry<String, Series> e : all.entrySet()) {
      if (e.getValue().x().length == 0) {
        continue;
      }
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + " ";
      XYSeries s = chart.addSeries(prefix + "runs", e.getValue().x(), e.getValue().y());
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      Series front = fronts.get(e.getKey());
      if (front != null && front.x().length > 0) {
        XYSeries f = chart.addSeries(prefix + "Pareto front", front.x(), front.y());
        f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        f.setMarker(SeriesMarkers.DIAMOND);
      }
    }
    return svg(chart);
  }

  /** Grouped bars: one group per category, one bar per series (a missing value is no bar). */
  static String bars(String title, String valueName, List<String> categories, Map<String, List<Double>> series) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(valueName)
        .build();
    style(chart.getStyler());
    chart.getStyler().setXAxisLabelRotation(30);
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      chart.addSeries(e.getKey(), categories, e.getValue());
    }
    return svg(chart);
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Vertical);
  }

  /** The chart as an inline {@code <svg>} element (without the file's XML prolog and doctype). */
  private static String svg(Chart<?, ?> chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    int start = text.indexOf("<svg");
    return "<div class=\"chart\">" + (start < 0 ? text : text.substring(start)) + "</div>\n";
  }
}
