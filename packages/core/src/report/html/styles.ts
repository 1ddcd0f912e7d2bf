/** The page's only stylesheet, inline: readable on screen, light on ink when printed. */
export const STYLES = `
:root { --ink:#1d2329; --muted:#5b6670; --line:#d6dce1; --real:#2f6db5; --syn:#e0762b; --hold:#6b8e23;
  --pass:#1e8e3e; --fail:#c5221f; --warn:#e8a100; --none:#8a939b; --bg:#fff; --panel:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 36px 0 10px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.lead, .muted { color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.best { background: #dff3e4; font-weight: 600; } .worst { background: #fbe3e1; }
.lights { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--panel); break-inside: avoid; }
.card h3 { margin-top: 0; }
.light { display: inline-block; min-width: 9.5em; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12.5px; font-weight: 600; text-align: center; }
.light.pass { background: var(--pass); } .light.fail { background: var(--fail); } .light.inconclusive { background: var(--warn); color: #1d2329; } .light.not-evaluated { background: var(--none); }
.dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; vertical-align: -1px; }
.dot.pass { background: var(--pass); } .dot.fail { background: var(--fail); } .dot.inconclusive { background: var(--warn); } .dot.not-evaluated { background: var(--none); }
ul.checks { list-style: none; padding: 0; margin: 4px 0; } ul.checks li { margin: 3px 0; }
.score { font-size: 28px; font-weight: 700; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; break-inside: avoid; background: #fff; }
figure.chart svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.legend span { margin-right: 14px; font-size: 12.5px; } .sw { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
details { margin: 4px 0; } summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.recommend { border-left: 5px solid var(--none); background: var(--panel); padding: 8px 12px; margin: 10px 0; }
.recommend.pass { border-left-color: var(--pass); background: #eef8f0; } .recommend.screened { border-left-color: var(--warn); background: #fdf8ec; } .recommend.fail { border-left-color: var(--fail); background: #fdf1f0; }
.ring { display: inline-block; width: 12px; height: 12px; border: 2.5px solid var(--pass); border-radius: 50%; margin-right: 4px; vertical-align: -2px; }
.note { border-left: 4px solid var(--warn); background: #fff8e1; padding: 8px 12px; margin: 10px 0; }
.caveat { border-left: 4px solid var(--none); background: var(--panel); padding: 8px 12px; margin: 10px 0; font-size: 13.5px; }
code { font-size: 12.5px; background: var(--panel); padding: 1px 4px; border-radius: 3px; }
nav a { margin-right: 12px; }
.wide { overflow-x: auto; } table.summary th { font-size: 12px; } table.summary .light { min-width: 0; }
@media print { main { max-width: none; padding: 0; } nav { display: none; } h2 { break-after: avoid; } details { display: none; }
  .charts, .lights { grid-template-columns: 1fr 1fr; } body { font-size: 11pt; } }
`;
