// eslint (9, flat config) for the project's own JavaScript. Run from the repository root:
//   npm install --prefix tests/browser/npm      (once: eslint is pinned there with the test tools)
//   npm run lint --prefix tests/browser/npm     (or tests/browser/npm/node_modules/.bin/eslint .)
// tests/test_lint.py runs the same check in the test suite.
//
// What is linted, and how:
// - gutwidgets/views/_esm/*.js: anywidget front ends, ES2022 modules run in the browser; the
//   shared library's parts in gutwidgets/views/_esm/lib/ likewise;
// - the Voila template's scripts and the static export's script: plain browser scripts (no modules);
// - tools/widget_manager/: the static copy's widget renderer (browser module) and its build (Node);
// - this file (a Node module).
// Vendored and generated files are not ours to fix and are ignored.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

// eslint's packages live with the other test tools, not at the repository root.
const require = createRequire(new URL("./tests/browser/npm/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

// The shared front-end library's parts (gutwidgets/views/_esm/lib/) are joined before a widget's own
// file by asset(...) (views/_assets.py), so the widget calls their exported names without importing
// them. Those names (all "gw...") are read from the parts here, so a new helper needs no list.
// Whether a widget really joins the parts it calls is checked on the joined module by
// tests/test_lint.py (no-undef, no-redeclare).
const LIB = new URL("./gutwidgets/views/_esm/lib/", import.meta.url);
const LIB_GLOBALS = Object.fromEntries(
  readdirSync(LIB)
    .filter((name) => name.endsWith(".js"))
    .flatMap((name) => [...readFileSync(new URL(name, LIB), "utf8").matchAll(/^export (?:async )?(?:function\*?|const|let|class) (\w+)/gm)])
    .map((m) => [m[1], "readonly"]),
);

const BROWSER_SCRIPTS = [
  "share/jupyter/voila/templates/gutwidgets/static/*.js",
  "gutwidgets/export_assets/static-export.js",
];

export default [
  {
    ignores: [
      ".venv/",
      "**/node_modules/",
      "gutwidgets/export_assets/vendor/",
      "gutwidgets/static/plotly*",
      // outputs of the project's commands (.gitignore, and the README's export/lite examples)
      "build/",
      "dist/",
      "site/",
      "test-artifacts/",
      "docs/classroom/",
      "benchmarks/results/",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  {
    rules: {
      "no-unused-vars": "error",
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    files: ["gutwidgets/views/_esm/*.js", "gutwidgets/views/_esm/lib/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser, ...LIB_GLOBALS } },
  },
  {
    // Joined after plotly_loader.js and plot_structure.js by views/plot.py (PlotlyFigure.ESM_PARTS),
    // so it calls their module-level functions without importing them (declared here, not with a
    // /* global */ comment in the file as well: eslint reports a name declared twice).
    // tests/test_lint.py lints the joined module too.
    files: ["gutwidgets/views/_esm/plotly_figure.js"],
    languageOptions: { globals: { loadPlotly: "readonly", structureKey: "readonly" } },
  },
  {
    // The page's figures (issue 16): pure parts joined after BARRIER_PARTS and figures/common.js, no DOM.
    files: ["gutwidgets/views/_esm/figures/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module",
      globals: { pyRepr: "readonly", BARRIER_ROUTES: "readonly", figClean: "readonly", figSizes: "readonly",
        figBaseLayout: "readonly", figLogAxis: "readonly", figAxis: "readonly", figLineTrace: "readonly" } },
  },
  {
    // A dashboard's page path (views/_page.py): joined after its browser model, its figures,
    // lib/dom.js and lib/page.js; it runs in the page and under Node (tests/page_harness.mjs).
    files: ["gutwidgets/views/_esm/pages/*.js"],
    languageOptions: {
      ecmaVersion: 2022, sourceType: "module",
      globals: { BarrierModel: "readonly", BARRIER_ROUTES: "readonly", sievingModelFigure: "readonly",
        JunctionModel: "readonly", dashboardSentence: "readonly", barrierViews: "readonly",
        teerFigure: "readonly" },
    },
  },
  {
    // Chapter 5 (views/support.py: FibrePage, PlannerPage): joined after models/support.js and figures/support.js.
    files: ["gutwidgets/views/_esm/pages/support.js"],
    languageOptions: {
      globals: { pyFormat: "readonly", pyHtmlEscape: "readonly", CauseModel: "readonly", FibreModel: "readonly",
        StrategyModel: "readonly", causeSteady: "readonly", supportLinspace: "readonly", fibreFigure: "readonly",
        planFigure: "readonly", figRoundHalfEven: "readonly", gwUnavailableNote: "readonly", GW_UNAVAILABLE: "readonly" },
    },
  },
  {
    files: ["gutwidgets/views/_esm/figures/support.js"],
    languageOptions: { globals: { supportInterp: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/pages/causes.js"],
    languageOptions: {
      globals: { pyFormat: "readonly", pyHtmlEscape: "readonly", CauseModel: "readonly", causeCourseFigure: "readonly",
        gwUnavailableNote: "readonly" },
    },
  },
  {
    // The browser models (issue 16): pure modules with no DOM, so no browser globals. Each is joined
    // after the parts it uses (gutwidgets/models/constants.py: BARRIER_PARTS, JUNCTION_PARTS), so
    // the names it takes from them are declared here, file by file.
    files: ["gutwidgets/views/_esm/lib/pyformat.js", "gutwidgets/views/_esm/models/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: {} },
  },
  {
    files: ["gutwidgets/views/_esm/models/*.js"],
    languageOptions: { globals: { pyFormat: "readonly", pyRepr: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/models/{hindrance,barrier,junction,causes}.js"],
    languageOptions: { globals: { checkNumber: "readonly", checkPositiveConstants: "readonly", isPositiveNumber: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/models/{barrier,junction}.js"],
    languageOptions: { globals: { HINDRANCE_METHODS: "readonly", stokesEinstein: "readonly", hindrance: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/models/causes.js"],
    languageOptions: { globals: { BarrierModel: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/models/support.js"],
    languageOptions: { globals: { checkNumber: "readonly", CauseModel: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/models/junction.js"],
    languageOptions: {
      globals: { BarrierModel: "readonly", equivalentPoreRadius: "readonly", poreRatio: "readonly" },
    },
  },
  {
    // Chapter 4 (views/systemic.py: CascadePage, ConfoundingPage; models/systemic_constants.py: SYSTEMIC_PAGE_PARTS).
    files: ["gutwidgets/views/_esm/models/cascade.js"],
    languageOptions: {
      globals: { checkNumber: "readonly", checkPositiveConstants: "readonly", isPositiveNumber: "readonly",
        BarrierModel: "readonly", affineResponse: "readonly" },
    },
  },
  {
    files: ["gutwidgets/views/_esm/models/confounding.js"],
    languageOptions: { globals: { checkNumber: "readonly", checkSeed: "readonly", standardNormals: "readonly" } },
  },
  {
    files: ["gutwidgets/views/_esm/pages/systemic.js"],
    languageOptions: {
      globals: { pyFormat: "readonly", CascadeModel: "readonly", ConfoundingDemo: "readonly", cascadeFigure: "readonly",
        confoundingFigure: "readonly", gwUnavailableNote: "readonly", GW_UNAVAILABLE: "readonly" },
    },
  },
  {
    // Chapter 6 (views/sugar_test.py: SugarTestPage; models/sugar_test_constants.py: SUGAR_TEST_PARTS).
    files: ["gutwidgets/views/_esm/models/sugar_test.js"],
    languageOptions: {
      globals: { BarrierModel: "readonly", checkNumber: "readonly", checkPositiveConstants: "readonly",
        expmFlat: "readonly", findRoot: "readonly", standardNormals: "readonly" },
    },
  },
  {
    files: ["gutwidgets/views/_esm/pages/sugar_test.js"],
    languageOptions: {
      globals: { SugarTestModel: "readonly", sugarRatioFigure: "readonly", sugarRatioSpread: "readonly",
        sugarTestSentence: "readonly", sugarTimelineFigure: "readonly" },
    },
  },
  {
    files: ["tests/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
  {
    files: BROWSER_SCRIPTS,
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    // The static copy's widget renderer (bundled by esbuild into export_assets/vendor/widgets/).
    files: ["tools/widget_manager/manager.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    files: ["eslint.config.mjs", "tools/widget_manager/build.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
