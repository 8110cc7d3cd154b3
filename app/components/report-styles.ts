/**
 * The report's stylesheet: an A4 sheet on screen, an A4 page in print (Nghị định 30/2020
 * margins). A string, so the web page and the PDF (printed from a self-contained HTML
 * document) use exactly the same rules.
 */
export const REPORT_CSS = `
/* The report: an A4 sheet on screen, an A4 page in print (Nghị định 30/2020 margins). */
@page {
  size: A4;
  margin: 20mm 15mm 20mm 30mm;
}
.report {
  font-family: "Times New Roman", "Tinos", "Liberation Serif", "DejaVu Serif", "Be Vietnam Pro", serif;
  font-size: 13pt;
  line-height: 1.4;
  color: #000;
  background: #fff;
  max-width: 165mm;
  margin: 0 auto;
}
.report-sheet {
  background: #fff;
  box-shadow: 0 0 0 1px #d5d9df, 0 4px 16px rgba(0, 0, 0, 0.08);
  padding: 20mm 15mm 20mm 30mm;
  margin: 1rem auto;
  max-width: 210mm;
}
.report .upper {
  text-transform: none;
}
.report .strong {
  font-weight: 700;
}
.report .italic {
  font-style: italic;
}
.report .small {
  font-size: 11pt;
}
.report .muted {
  color: #444;
}
.report table.report-header,
.report table.report-footer {
  width: 100%;
  border: none;
  margin: 0 0 1rem 0;
}
.report table.report-header td,
.report table.report-footer td {
  border: none;
  text-align: center;
  vertical-align: top;
  padding: 0 0.25rem;
  font-size: 12pt;
}
.report table.report-header td:first-child {
  width: 42%;
}
.report table.report-footer td:first-child {
  text-align: left;
}
.report table.report-footer {
  margin-top: 2rem;
  break-inside: avoid;
}
.report td.sign {
  height: 30mm;
}
.report .rule {
  width: 35%;
  margin: 2px auto 6px auto;
  border-top: 1px solid #000;
}
.report h1 {
  text-align: center;
  font-size: 14pt;
  margin: 1.25rem 0 0.25rem 0;
  line-height: 1.35;
}
.report h1 span {
  display: block;
}
.report .doc-kind {
  font-size: 14pt;
}
.report .doc-subtitle {
  font-weight: 400;
  font-style: italic;
  font-size: 13pt;
}
.report .recipient {
  text-align: center;
}
.report h2 {
  font-size: 13pt;
  margin: 1rem 0 0.4rem 0;
  break-after: avoid;
}
.report h3 {
  font-size: 13pt;
  font-style: italic;
  margin: 0.75rem 0 0.3rem 0;
  break-after: avoid;
}
.report table {
  border-collapse: collapse;
  width: 100%;
  margin: 0.4rem 0 0.8rem 0;
  font-size: 11pt;
}
.report caption {
  text-align: left;
  font-weight: 700;
  font-style: italic;
  padding-bottom: 0.2rem;
}
.report th,
.report td {
  border: 1px solid #555;
  padding: 0.15rem 0.35rem;
  vertical-align: top;
}
.report th {
  background: #eee;
}
.report td.num,
.report th.num {
  text-align: right;
  white-space: nowrap;
}
.report th.num {
  white-space: normal;
}
/* Figure tables: many columns on an A4 line; the text column keeps a readable width. */
.report table.figures {
  font-size: 10pt;
}
.report table.figures td:nth-child(2) {
  min-width: 45mm;
}
.report table.overall-figures th[scope="row"] {
  background: none;
  font-weight: 700;
}
.report .target-verdict {
  font-size: 12pt;
}
.report .footnotes {
  border-top: 1px solid #555;
  margin-top: 1.5rem;
  padding-top: 0.3rem;
}
.report tr {
  break-inside: avoid;
}
.report tr.below td {
  background: #fff4e5;
}
.report .insufficient {
  font-style: italic;
  color: #444;
}
.report figure.chart {
  margin: 0.4rem 0 0.8rem 0;
  break-inside: avoid;
}
.report figure.chart figcaption {
  font-size: 10.5pt;
  font-style: italic;
  text-align: center;
}
.report .bar-chart {
  font-family: inherit;
}
.report .comments ul {
  margin-top: 0.2rem;
}
.report .comments li {
  font-style: italic;
  font-size: 11.5pt;
}
.report .generated {
  margin-top: 1rem;
  text-align: right;
}
.report-controls {
  margin: 0 auto;
  max-width: 210mm;
}
@media print {
  .no-print,
  .report-controls {
    display: none !important;
  }
  .report-sheet {
    box-shadow: none;
    padding: 0;
    margin: 0;
    max-width: none;
  }
  .report {
    max-width: none;
  }
  main {
    max-width: none !important;
    padding: 0 !important;
  }
}
`;
