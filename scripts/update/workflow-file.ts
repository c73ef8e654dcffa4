/**
 * The scheduled spec-update workflow, rendered for where the package sits: at the repository's
 * root (the package is the repository), or in a folder of a monorepo, where GitHub still reads
 * workflows only from the root's `.github/workflows/`. `npm run specs:workflow` writes it.
 *
 * @packageDocumentation
 */

/** Where the workflow goes, relative to the repository root. */
export const WORKFLOW_PATH = ".github/workflows/spec-update.yml";

/** The Node.js line the job runs on: a maintained LTS release. */
export const WORKFLOW_NODE_VERSION = 24;

/** Where the package and its install are, relative to the repository root, with `/`. */
export interface WorkflowLayout {
  /** The package's folder (`packages/api-clients`), `""` when the package is the repository. */
  packagePath: string;
  /**
   * The folder of the `package-lock.json` that `npm ci` installs from: the workspace root (`""`
   * at the repository root), or the package's own folder when it is in no workspace.
   */
  installPath: string;
}

const MARKER = /^# Written by `npm run specs:workflow` \(package: (.+)\)\./;

/**
 * The first line of every file {@link renderWorkflow} makes; it names the package's folder (`.`
 * for the repository root), so the command knows a file it may overwrite, and for which package.
 */
export function workflowMarker(packagePath: string): string {
  return `# Written by \`npm run specs:workflow\` (package: ${packagePath || "."}). Run it again to update this file.`;
}

/** The package folder a file's marker names (`.` for the root), or `undefined` without a marker. */
export function markedPackagePath(text: string): string | undefined {
  return MARKER.exec(text.split("\n", 1)[0] ?? "")?.[1];
}

/**
 * The workflow's text: weekly and on demand, install with `npm ci` where the lockfile is, run
 * `npm run specs:update` in the package's folder, and commit the files it lists (relative to the
 * package) by their repository paths to one branch with one pull request.
 */
export function renderWorkflow(layout: WorkflowLayout): string {
  const { packagePath, installPath } = layout;
  const inFolder = packagePath !== "";
  const config = inFolder ? `${packagePath}/redocly.yaml` : "redocly.yaml";
  const lockfile = installPath === "" ? "package-lock.json" : `${installPath}/package-lock.json`;
  const workingDirectory = (path: string) =>
    path === "" ? [] : [`        working-directory: ${path}`];
  const lines = [
    workflowMarker(packagePath),
    "#",
    `# Weekly (and on demand): pull the vendors' specs${inFolder ? ` of the package in ${packagePath}` : ""}, regenerate, and`,
    "# when the clients changed, open or update one pull request on the branch below, whose body is",
    "# the change report (with what it does to the workspace's apps that depend on the package) and",
    "# whose title and label say whether the change is breaking. The repository's CI then runs on it.",
    "#",
    "# Pushes and pull requests made with the default GITHUB_TOKEN do not start other workflows, so",
    "# for CI to run on the pull request, store a token that may push and open pull requests (a GitHub",
    "# App installation token or a fine-grained personal access token with Contents and Pull requests",
    "# write) as the secret SPEC_UPDATE_TOKEN. Without it the job still works, and CI starts when",
    "# someone pushes to the branch. The package's docs/updating.md explains the whole loop.",
    "name: Vendor spec update",
    "",
    "on:",
    "  schedule:",
    '    - cron: "23 5 * * 1" # Mondays 05:23 UTC',
    "  workflow_dispatch:",
    "    inputs:",
    "      apis:",
    `        description: "APIs to update, separated by spaces (empty: every API in ${config})"`,
    "        required: false",
    '        default: ""',
    "        type: string",
    "",
    "permissions: {}",
    "",
    "concurrency:",
    "  group: spec-update",
    "  cancel-in-progress: false",
    "",
    "jobs:",
    "  update:",
    "    name: Pull, regenerate, open the pull request",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 30",
    "    permissions:",
    "      contents: write # push the spec-update branch",
    "      pull-requests: write # open or edit its pull request",
    "      issues: write # create the two labels and set them: labels go through the issues API",
    "    env:",
    "      BRANCH: spec-update/vendor-specs",
    ...(inFolder ? [`      PACKAGE_DIR: ${packagePath}`] : []),
    "    steps:",
    "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    "        with:",
    "          # No token in .git/config while npm ci runs install scripts; only the last step can push.",
    "          persist-credentials: false",
    "",
    "      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0",
    "        with:",
    `          node-version: ${WORKFLOW_NODE_VERSION}`,
    "          cache: npm",
    ...(lockfile === "package-lock.json" ? [] : [`          cache-dependency-path: ${lockfile}`]),
    "",
    "      - run: npm ci --no-audit --no-fund",
    ...workingDirectory(installPath),
    "",
    "      - name: Pull the specs, regenerate, check the facades and the apps, bump the version",
    ...workingDirectory(packagePath),
    "        env:",
    "          APIS: ${{ inputs.apis }}",
    "          SUMMARY: ${{ runner.temp }}/spec-update.json",
    "          REPORT: ${{ runner.temp }}/spec-update.md",
    "        run: |",
    '          read -r -a apis <<< "$APIS"',
    '          npm run specs:update -- "${apis[@]}" --json "$SUMMARY" --report "$REPORT"',
    "",
    "      - name: Open or update the pull request",
    "        env:",
    "          GH_TOKEN: ${{ secrets.SPEC_UPDATE_TOKEN || github.token }}",
    "          BASE: ${{ github.ref_name }}",
    "          SUMMARY: ${{ runner.temp }}/spec-update.json",
    "          REPORT: ${{ runner.temp }}/spec-update.md",
    "        run: |",
    "          # Reads a field of specs:update's JSON summary: field 's.pullRequest.title'",
    '          field() { node --print "const s = require(process.env.SUMMARY); $1"; }',
    `          open_pr="$(gh pr list --head "$BRANCH" --base "$BASE" --state open --json number --jq '.[0].number // empty')"`,
    `          if [ "$(field 's.changed')" != true ]; then`,
    '            echo "No vendor change: the specs match what $BASE was generated from."',
    '            if [ -n "$open_pr" ]; then',
    '              gh pr close "$open_pr" --delete-branch \\',
    `                --comment "The vendors' specs match $BASE again, so this update is no longer needed."`,
    "            fi",
    "            exit 0",
    "          fi",
    "",
    `          title="$(field 's.pullRequest.title')"`,
    `          label="$(field 's.pullRequest.label')"`,
    `          stale_label="$(field 's.pullRequest.staleLabel')"`,
    '          gh label create "vendor-spec: breaking" --force --color B60205 \\',
    '            --description "A vendor spec change that breaks clients"',
    '          gh label create "vendor-spec: non-breaking" --force --color 0E8A16 \\',
    '            --description "A vendor spec change that keeps clients working"',
    "",
    '          git config user.name "github-actions[bot]"',
    '          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
    '          git switch --force-create "$BRANCH"',
    ...(inFolder
      ? [
          "          # The summary lists the files relative to the package; git -C reads them from there.",
          `          field 's.files.join("\\n")' | git -C "$PACKAGE_DIR" add --pathspec-from-file=-`,
        ]
      : [`          field 's.files.join("\\n")' | git add --pathspec-from-file=-`]),
    '          git commit --quiet --message "$title" --message "Written by npm run specs:update."',
    "          # One branch, reset onto the base and force-pushed on every run: the pull request shows",
    "          # the whole difference between the base and the vendors' current specs.",
    "          gh auth setup-git",
    '          git push --force origin "HEAD:refs/heads/$BRANCH"',
    "",
    '          if [ -n "$open_pr" ]; then',
    '            gh pr edit "$open_pr" --title "$title" --body-file "$REPORT" \\',
    '              --remove-label "$stale_label" --add-label "$label"',
    "          else",
    '            gh pr create --head "$BRANCH" --base "$BASE" --title "$title" --body-file "$REPORT" --label "$label"',
    "          fi",
  ];
  return `${lines.join("\n")}\n`;
}
