/**
 * The shareable report of a run: one self-contained HTML file (inline CSS and SVG, nothing
 * fetched when it is opened) and the period table as CSV, both built from the run's summary JSON
 * alone, in English or French. {@link org.rebound.report.ReportWriter} is the entry point.
 *
 * <p>Where things are: the page's markup and CSS in {@code resources/org/rebound/report/templates}
 * (Mustache), every word in {@code messages.properties} and {@code messages_fr.properties}; the
 * Java computes what is shown (numbers through {@code HumanNumbers}, the SVG charts) from the typed
 * results ({@link org.rebound.report.results.RunResults}).
 */
package org.rebound.report;
