// Build the static copy's widget renderer: node tools/widget_manager/build.mjs [out-dir]
//
// Bundles manager.js (esbuild, pinned by package-lock.json) into widgets.js and widgets.css, with
// the Font Awesome fonts the icons use (woff2 only: every browser that runs the pages reads it)
// beside them. Writes to gutwidgets/export_assets/vendor/widgets/ unless given a folder; the test
// suite builds into a temporary folder and compares the files with the committed ones.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, "..", "..", "gutwidgets", "export_assets", "vendor", "widgets"));

// anywidget's front end is published as an AMD module (define(["@jupyter-widgets/base"], factory));
// bundle its factory as the default export instead.
const anywidgetAmd = {
  name: "anywidget-amd",
  setup(b) {
    b.onLoad({ filter: /[\\/]anywidget[\\/]dist[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const call = 'define(["@jupyter-widgets/base"], widget_default);';
      if (!text.includes(call)) throw new Error(`anywidget: ${call} not found in ${args.path}`);
      return { contents: text.replace(call, "export default widget_default;"), loader: "js" };
    });
  },
};

// Font Awesome's @font-face rules also list older formats (eot, svg, ttf, woff), which a browser
// that reads woff2 never fetches: leave those addresses as they are instead of copying the files.
const olderFonts = {
  name: "older-fonts",
  setup(b) {
    b.onResolve({ filter: /\.(eot|svg|ttf|woff)([?#].*)?$/ }, (args) => ({ path: args.path, external: true }));
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { widgets: join(here, "manager.js") },
  bundle: true,
  format: "iife",
  minify: true,
  legalComments: "linked",
  target: ["es2020"],
  outdir: out,
  plugins: [anywidgetAmd, olderFonts],
  loader: { ".woff2": "file" },
  assetNames: "[name]-[hash]",
  logLevel: "warning",
});
console.log(`wrote ${out}`);
