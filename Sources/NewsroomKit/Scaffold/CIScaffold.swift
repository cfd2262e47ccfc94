/// Which CI files `newsroom init --ci` writes.
public enum CIChoice: String, CaseIterable, Sendable {
    case github, gitlab, both, none

    /// The files this choice writes, relative to the site.
    public var paths: [String] { CIScaffold.files(for: self).map(\.path) }
}

/// The CI files of a new site, one text each: a GitHub Actions workflow and a GitLab CI
/// pipeline that check pull requests with `--strict`, publish the default branch to Pages, and
/// rebuild every 10 minutes, publishing only when `--report`'s manifest changed (an embargo
/// lifted, a scheduled release came due). `make check-workflows` checks both against their
/// schemas.
enum CIScaffold {
    static let githubPath = ".github/workflows/newsroom.yml"
    static let gitlabPath = ".gitlab-ci.yml"

    static func files(for choice: CIChoice) -> [ScaffoldFile] {
        switch choice {
        case .github: [ScaffoldFile(path: githubPath, text: github)]
        case .gitlab: [ScaffoldFile(path: gitlabPath, text: gitlab)]
        case .both: [ScaffoldFile(path: githubPath, text: github), ScaffoldFile(path: gitlabPath, text: gitlab)]
        case .none: []
        }
    }

    static let github = #"""
        # Builds this newsroom with `newsroom build` and publishes it on GitHub Pages.
        #   pull request:      a --strict build, as a check; nothing is published
        #   push to main:      build and publish
        #   every 10 minutes:  the same build, published only when the output changed (an embargo
        #                      lifted, a scheduled release came due): the SHA-256 of the manifest in
        #                      `newsroom build --report` is compared with the last published one
        # Before the first run: Settings > Pages > Source: GitHub Actions, and fill in the two
        # variables below.
        name: newsroom

        on:
          pull_request:
          push:
            branches: [main]
          schedule:
            - cron: "*/10 * * * *"
          workflow_dispatch:

        permissions:
          contents: read
          pages: write
          id-token: write

        # One publishing run at a time; pull requests are checked on their own.
        concurrency:
          group: newsroom-${{ github.event_name == 'pull_request' && github.ref || 'pages' }}
          cancel-in-progress: false

        env:
          # Where the runner gets newsroom: this Git repository at this tag, built once with Swift
          # in the swift:6.1 image and kept in the Actions cache under the tag.
          NEWSROOM_REPO: ""      # for example https://github.com/your-org/newsroom.git
          NEWSROOM_VERSION: ""   # a tag of that repository, for example v1.0.0

        jobs:
          build:
            runs-on: ubuntu-latest
            container: swift:6.1
            defaults:
              run:
                shell: bash
            outputs:
              manifest: ${{ steps.site.outputs.manifest }}
            steps:
              - name: Check the settings
                run: |
                  if [ -z "$NEWSROOM_REPO" ] || [ -z "$NEWSROOM_VERSION" ]; then
                    echo "::error file=.github/workflows/newsroom.yml::fill in NEWSROOM_REPO and NEWSROOM_VERSION"
                    exit 1
                  fi
                  apt-get update -qq && apt-get install -y -qq libcmark-dev jq > /dev/null
              - uses: actions/checkout@v5
              - id: newsroom
                uses: actions/cache@v4
                with:
                  path: /opt/newsroom
                  key: newsroom-${{ env.NEWSROOM_VERSION }}-swift-6.1
              - name: Build newsroom
                if: steps.newsroom.outputs.cache-hit != 'true'
                run: |
                  git clone --depth 1 --branch "$NEWSROOM_VERSION" "$NEWSROOM_REPO" /tmp/newsroom-src
                  cd /tmp/newsroom-src
                  swift build -c release --product newsroom
                  mkdir -p /opt/newsroom
                  cp "$(swift build -c release --show-bin-path)/newsroom" /opt/newsroom/
              - id: pages
                if: github.event_name != 'pull_request'
                uses: actions/configure-pages@v5
              - name: Build the site
                id: site
                env:
                  PAGES_URL: ${{ steps.pages.outputs.base_url }}
                run: |
                  if [ "$GITHUB_EVENT_NAME" = pull_request ]; then
                    /opt/newsroom/newsroom build --site . --strict
                  else
                    /opt/newsroom/newsroom build --site . --base-url "$PAGES_URL/" --report "$RUNNER_TEMP/report.json"
                    echo "manifest=$(jq -S .manifest "$RUNNER_TEMP/report.json" | sha256sum | cut -d' ' -f1)" >> "$GITHUB_OUTPUT"
                  fi
              - if: github.event_name != 'pull_request'
                uses: actions/upload-pages-artifact@v4
                with:
                  path: public

          # Decides whether to publish: always on a push, on a schedule only when the manifest
          # differs from the last published one (kept in the Actions cache by the deploy job).
          decide:
            needs: build
            if: github.event_name != 'pull_request'
            runs-on: ubuntu-latest
            outputs:
              deploy: ${{ steps.compare.outputs.deploy }}
            steps:
              - uses: actions/cache/restore@v4
                with:
                  path: .newsroom-deployed
                  key: newsroom-deployed-${{ github.run_id }}
                  restore-keys: newsroom-deployed-
              - id: compare
                env:
                  MANIFEST: ${{ needs.build.outputs.manifest }}
                run: |
                  echo "$MANIFEST" > manifest.sha256
                  if [ "$GITHUB_EVENT_NAME" = schedule ] && cmp -s manifest.sha256 .newsroom-deployed/manifest.sha256; then
                    echo "Nothing changed since the last deploy; not published." | tee -a "$GITHUB_STEP_SUMMARY"
                    echo "deploy=false" >> "$GITHUB_OUTPUT"
                  else
                    echo "deploy=true" >> "$GITHUB_OUTPUT"
                  fi

          deploy:
            needs: [build, decide]
            if: needs.decide.outputs.deploy == 'true'
            runs-on: ubuntu-latest
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4
              - name: Remember what was published
                env:
                  MANIFEST: ${{ needs.build.outputs.manifest }}
                run: mkdir -p .newsroom-deployed && echo "$MANIFEST" > .newsroom-deployed/manifest.sha256
              - uses: actions/cache/save@v4
                with:
                  path: .newsroom-deployed
                  key: newsroom-deployed-${{ github.run_id }}-${{ github.run_attempt }}

        """#

    static let gitlab = #"""
        # Builds this newsroom with `newsroom build` and publishes it on GitLab Pages.
        #   merge request:       a --strict build, as a check; problems show in the Code Quality widget
        #   default branch:      build and publish public/ (the `pages` job)
        #   scheduled pipeline:  the same build, published only when the output changed (an embargo
        #                        lifted, a scheduled release came due): the SHA-256 of the manifest in
        #                        `newsroom build --report` is compared with the last published one,
        #                        kept in the cache. Otherwise the job stops with exit code 3, shown as
        #                        an allowed failure, and nothing is published.
        # Before the first pipeline: fill in the two variables below, and add a schedule in
        # Build > Pipeline schedules: "*/10 * * * *" on the default branch.

        variables:
          # Where the runner gets newsroom: this Git repository at this tag, built once with Swift
          # in the swift:6.1 image and kept in the cache under the tag.
          NEWSROOM_REPO: ""      # for example https://gitlab.com/your-group/newsroom.git
          NEWSROOM_VERSION: ""   # a tag of that repository, for example v1.0.0

        default:
          image: swift:6.1
          before_script:
            - |
              if [ -z "$NEWSROOM_REPO" ] || [ -z "$NEWSROOM_VERSION" ]; then
                echo ".gitlab-ci.yml: fill in NEWSROOM_REPO and NEWSROOM_VERSION"
                exit 1
              fi
              apt-get update -qq && apt-get install -y -qq libcmark-dev jq > /dev/null
              if [ ! -x .newsroom-bin/newsroom ]; then
                git clone --depth 1 --branch "$NEWSROOM_VERSION" "$NEWSROOM_REPO" /tmp/newsroom-src
                (cd /tmp/newsroom-src && swift build -c release --product newsroom)
                mkdir -p .newsroom-bin
                cp "$(cd /tmp/newsroom-src && swift build -c release --show-bin-path)/newsroom" .newsroom-bin/
              fi

        check:
          rules:
            - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          cache:
            - key: newsroom-$NEWSROOM_VERSION-swift-6.1
              paths: [.newsroom-bin/]
          script:
            - .newsroom-bin/newsroom build --site . --strict --report-codequality gl-code-quality-report.json
          artifacts:
            when: always
            reports:
              codequality: gl-code-quality-report.json

        pages:
          rules:
            - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          cache:
            - key: newsroom-$NEWSROOM_VERSION-swift-6.1
              paths: [.newsroom-bin/]
            - key: newsroom-deployed
              paths: [.newsroom-deployed/]
          script:
            - .newsroom-bin/newsroom build --site . --base-url "$CI_PAGES_URL/" --report .newsroom-report.json
            - jq -S .manifest .newsroom-report.json | sha256sum | cut -d' ' -f1 > manifest.sha256
            - |
              if [ "$CI_PIPELINE_SOURCE" = schedule ] && cmp -s manifest.sha256 .newsroom-deployed/manifest.sha256; then
                echo "Nothing changed since the last deploy; not published."
                exit 3
              fi
              mkdir -p .newsroom-deployed && cp manifest.sha256 .newsroom-deployed/
          allow_failure:
            exit_codes: [3]
          artifacts:
            paths: [public]

        """#
}
