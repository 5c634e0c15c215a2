/**
 * The shareable report of a run: one self-contained HTML file (inline CSS and SVG, nothing
 * fetched when it is opened) and the period table as CSV, both built from the run's summary JSON
 * alone. {@link org.rebound.report.ReportWriter} is the entry point.
 */
package org.rebound.report;
