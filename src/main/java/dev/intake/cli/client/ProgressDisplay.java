package dev.intake.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;

/** Shows the state of the followed jobs after every poll. */
interface ProgressDisplay {
  /** A job being followed: its label (file name) and its latest JSON from the server. */
  record Item(String label, JsonNode job) {}

  void show(List<Item> items);

  /** The display for this output: a live redraw on a terminal, change lines elsewhere. */
  static ProgressDisplay forOutput(PrintWriter out, boolean terminal) {
    return terminal
        ? new AnsiProgressDisplay(out, Terminal.columns())
        : new PlainProgressDisplay(out);
  }
}
