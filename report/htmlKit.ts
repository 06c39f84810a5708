/** What every HTML page of the lab shares: its style sheet, and escaping text into it. */

export const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}.answer{font-size:1.3rem;padding:.8rem 1rem;background:#eef6ee;border-left:5px solid #2ca02c}
.answer.none{background:#fbeeee;border-color:#d62728}pre{background:#f6f6f6;padding:1rem;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;font-size:.8rem;display:block;overflow-x:auto}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:right;white-space:nowrap}
th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;max-width:720px}figcaption{font-size:.85rem;color:#a33;padding:.2rem .5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}`;

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
