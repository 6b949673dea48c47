package io.milpnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trained network ({@code network.json}) drawn as SVG: one column per layer, left to right. Inputs are named, the
 * selected ones dark and the dropped ones pale (many inputs, as pixels, are drawn as an image of the selected ones);
 * hidden units are circles, filled when live and hollow and dashed when pruned; every kept weight is a line, blue when
 * positive and red when negative, as thick as its size against the layer's largest; convolution filters are drawn as
 * small images of their kernels (blue positive, red negative, pale small), a pruned filter crossed out; pooling and
 * flatten are labelled boxes.
 */
final class NetworkDiagram {
  private static final int COLUMN = 170;
  private static final int ROW = 26;
  private static final int TOP = 40;
  private static final int MAX_DRAWN = 40;

  private final StringBuilder svg = new StringBuilder();
  private int width;
  private int height;

  /** A column of nodes that the next dense layer connects to: their y positions, or none (not drawn one by one). */
  private record Column(double x, double[] ys) {}

  private NetworkDiagram() {}

  static String svg(JsonNode network) {
    return new NetworkDiagram().draw(network);
  }

  private String draw(JsonNode net) {
    List<JsonNode> layers = new ArrayList<>();
    net.path("layers").forEach(layers::add);
    // Rows the tallest column needs: named inputs, dense units, or a conv layer's filter images (about 1.5 rows each).
    int inputs = net.path("inputFeatures").size();
    int tallest = inputs <= MAX_DRAWN ? Math.max(inputs, 1) : 4;
    for (JsonNode l : layers) {
      String type = l.path("type").asText("dense");
      int rows = type.equals("conv") ? (int) Math.ceil(l.path("kernels").size() * (l.path("kernel").asInt(3) * 9 + 16)
          / (double) ROW) : type.equals("dense") || type.equals("gate") ? l.path("weights").size() : 1;
      tallest = Math.max(tallest, rows);
    }
    tallest = Math.min(tallest, MAX_DRAWN);
    height = TOP + tallest * ROW + 50;
    width = 140 + (layers.size() + 1) * COLUMN;
    Column previous = inputs(net, 40);
    for (int i = 0; i < layers.size(); i++) {
      previous = layer(layers.get(i), previous, 140 + (i + 1) * COLUMN, i + 1 == layers.size());
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"network\" width=\"" + width + "\" height=\"" + height
        + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"sans-serif\" font-size=\"11\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + svg + "</svg>\n";
  }

  private double y(int i, int n) {
    double span = (height - TOP - 50) - ROW;
    return TOP + ROW / 2.0 + (n <= 1 ? span / 2 : i * span / (n - 1));
  }

  private Column inputs(JsonNode net, double x) {
    List<String> names = new ArrayList<>();
    net.path("inputFeatures").forEach(n -> names.add(n.asText()));
    List<String> selected = new ArrayList<>();
    net.path("selectedFeatures").forEach(n -> selected.add(n.asText()));
    boolean all = !net.has("selectedFeatures");
    label(x + 40, 20, "inputs (" + (all ? names.size() : selected.size()) + " of " + names.size() + " read)");
    if (names.size() > MAX_DRAWN) {
      // Pixels: an image of the selected ones, when the first layer says the image's shape.
      int side = (int) Math.ceil(Math.sqrt(names.size()));
      double cell = Math.min(8, (height - TOP - 60) / (double) side);
      for (int i = 0; i < names.size(); i++) {
        boolean on = all || selected.contains(names.get(i));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
            + " class=\"input %s\"><title>%s</title></rect>\n", x + (i % side) * cell, TOP + (i / side) * cell, cell,
            cell, on ? "#333" : "#eee", on ? "selected" : "dropped", escape(names.get(i))));
      }
      return new Column(x + side * cell, new double[0]);
    }
    double[] ys = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      ys[i] = y(i, names.size());
      boolean on = all || selected.contains(names.get(i));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"input %s\""
          + " fill=\"%s\"%s>%s</text>\n", x + 95, ys[i] + 4, on ? "selected" : "dropped", on ? "#111" : "#bbb",
          on ? " font-weight=\"bold\"" : " text-decoration=\"line-through\"", escape(shorten(names.get(i)))));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n", x + 102, ys[i],
          on ? "#111" : "#ddd"));
    }
    return new Column(x + 102, ys);
  }

  private Column layer(JsonNode l, Column previous, double x, boolean output) {
    String type = l.path("type").asText("dense");
    return switch (type) {
      case "dense", "gate" -> units(l, previous, x, output, type);
      case "conv" -> conv(l, x);
      default -> box(l, x, type);
    };
  }

  private Column units(JsonNode l, Column previous, double x, boolean output, String type) {
    JsonNode w = l.path("weights");
    int n = w.size();
    int drawn = Math.min(n, MAX_DRAWN);
    double max = 1e-12;
    for (JsonNode row : w) {
      for (JsonNode v : row) {
        max = Math.max(max, Math.abs(v.asDouble()));
      }
    }
    int kept = 0;
    int live = 0;
    double[] ys = new double[drawn];
    for (int j = 0; j < drawn; j++) {
      ys[j] = y(j, drawn);
    }
    for (int j = 0; j < n; j++) {
      boolean isLive = l.path("liveUnits").path(j).asBoolean(true);
      live += isLive ? 1 : 0;
      JsonNode row = w.get(j);
      for (int k = 0; k < row.size(); k++) {
        double v = row.get(k).asDouble();
        if (v == 0) {
          continue;
        }
        kept++;
        if (j < drawn && k < previous.ys().length) {
          svg.append(String.format(Locale.ROOT, "<line class=\"weight %s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
              + " y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.2f\" stroke-opacity=\"0.75\"><title>%s</title></line>\n",
              v > 0 ? "positive" : "negative", previous.x() + 5, previous.ys()[k], x - 9, ys[j],
              v > 0 ? "#1f5fbf" : "#c8321e", 0.6 + 3.4 * Math.abs(v) / max, BenchCommand.fmt(v)));
        }
      }
    }
    for (int j = 0; j < drawn; j++) {
      boolean isLive = l.path("liveUnits").path(j).asBoolean(true);
      svg.append(String.format(Locale.ROOT, "<circle class=\"unit %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"%s\""
          + " stroke=\"%s\" stroke-width=\"1.5\"%s><title>unit %d%s</title></circle>\n", isLive ? "live" : "pruned", x,
          ys[j], isLive ? (output ? "#f2b134" : "#5a8f3c") : "white", isLive ? "#333" : "#aaa",
          isLive ? "" : " stroke-dasharray=\"3,2\"", j + 1, isLive ? "" : " (pruned)"));
    }
    label(x, 20, (output ? "output" : type) + " " + (output ? n : live + " of " + n + " live"));
    label(x, height - 18, kept + " weights kept" + (n > drawn ? ", first " + drawn + " units drawn" : ""));
    return new Column(x, ys);
  }

  private Column conv(JsonNode l, double x) {
    JsonNode kernels = l.path("kernels");
    int channels = kernels.size();
    int k = l.path("kernel").asInt(3);
    double max = 1e-12;
    for (JsonNode c : kernels) {
      for (JsonNode plane : c) {
        for (JsonNode row : plane) {
          for (JsonNode v : row) {
            max = Math.max(max, Math.abs(v.asDouble()));
          }
        }
      }
    }
    double cell = 9;
    int active = 0;
    for (int c = 0; c < Math.min(channels, MAX_DRAWN); c++) {
      boolean on = l.path("activeFilters").path(c).asBoolean(true);
      active += on ? 1 : 0;
      double top = TOP + c * (k * cell + 16);
      JsonNode planes = kernels.get(c);
      for (int p = 0; p < planes.size() && p < 4; p++) {
        double left = x - 40 + p * (k * cell + 4);
        svg.append("<g class=\"filter ").append(on ? "active" : "pruned").append("\">\n");
        for (int r = 0; r < k; r++) {
          for (int q = 0; q < k; q++) {
            double v = planes.get(p).path(r).path(q).asDouble();
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                + " fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"#ccc\" stroke-width=\"0.3\"/>\n", left + q * cell,
                top + r * cell, cell, cell, v >= 0 ? "#1f5fbf" : "#c8321e", on ? 0.1 + 0.9 * Math.abs(v) / max : 0.05));
          }
        }
        if (!on) {
          svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
              + " stroke=\"#888\"/>\n", left, top, left + k * cell, top + k * cell));
        }
        svg.append("</g>\n");
      }
    }
    label(x, 20, "conv " + active + " of " + channels + " filters, " + k + "x" + k);
    return new Column(x, new double[0]);
  }

  private Column box(JsonNode l, double x, String type) {
    double top = TOP + 20;
    svg.append(String.format(Locale.ROOT, "<rect class=\"layer %s\" x=\"%.1f\" y=\"%.1f\" width=\"60\" height=\"%d\""
        + " rx=\"6\" fill=\"#eef\" stroke=\"#99a\"/>\n", type, x - 30, top, height - TOP - 110));
    String size = l.has("size") ? " " + l.get("size").asInt() + "x" + l.get("size").asInt() : "";
    label(x, 20, type + size);
    return new Column(x, new double[0]);
  }

  private void label(double x, double y, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"label\">%s"
        + "</text>\n", x, y, escape(text)));
  }

  private static String shorten(String name) {
    return name.length() <= 18 ? name : name.substring(0, 17) + "…";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
