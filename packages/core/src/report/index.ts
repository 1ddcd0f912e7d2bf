// Results → report.json and report.html.
export { reportJsonText, reportJsonValue, roundSignificant, REPORT_FORMAT } from "./json.ts";
export { renderReportHtml } from "./html/page.ts";
