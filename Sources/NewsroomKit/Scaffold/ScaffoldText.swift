/// Every English word `newsroom new` and `newsroom init` write into a site, in one place.
enum ScaffoldText {
    /// The body of a new release: what goes where, for the writer to replace.
    static let releaseBody = """
        Start with the news in one or two sentences: who, what, when, where and why.

        Then the details, most important first: what it means, the figures, and a quote from a \
        spokesperson with their name and title. End with what happens next and where to learn more.

        The page already shows the dateline and the date before the first paragraph, and the end \
        mark (###), the "About" boilerplate from newsroom.yml and the media contacts after the last: \
        do not write them here.

        """

    /// A commented front-matter line that shows where the dateline goes.
    /// - Parameter date: the release's date as the page prints it, "May 1, 2026".
    static func datelineHint(date: String) -> String {
        "# dateline: Springfield   # printed before the first paragraph: \"SPRINGFIELD (\(date)) —\""
    }

    /// A commented front-matter line naming the contacts a release could list, when the site has
    /// contacts but no `default_contacts`.
    /// - Parameter ids: the ids as a YAML flow list, `[press, ana]`.
    static func contactsHint(ids: String) -> String {
        "# contacts: \(ids)   # media contacts, by their ids in Content/newsroom.yml"
    }

    // MARK: - newsroom init

    static let organizationName = "Example Organization"
    static let siteTitle = "Example Organization Newsroom"
    static let boilerplate = """
        Example Organization makes the examples this newsroom starts with. Replace this paragraph \
        with the one journalists quote: what your organization does, where, and since when.
        """

    /// `Content/newsroom.yml`: every setting the loader reads, each with a comment.
    /// - Parameter timeZone: an IANA name, already checked, as a YAML scalar.
    static func settings(timeZone: String) -> String {
        """
        # The settings of this newsroom. `newsroom build` checks every key; a misspelled one is a warning.

        # The newsroom's name: in the header, the page titles and the feeds. Required.
        title: \(siteTitle)
        # Where the site is published: an absolute http(s) URL. Its path is kept
        # (https://example.org/news/ puts every page under /news/). Required; --base-url overrides it.
        base_url: https://newsroom.example.org/
        # The language of the pages (the HTML lang attribute). Default: en.
        language: en
        # An IANA time zone, such as America/New_York or Europe/Berlin: dates written without an
        # offset are in it, and so are the years in URLs and the dates pages show. Default: UTC.
        timezone: \(timeZone)
        # Releases per page on the home page and on tag pages, 1 to 1000. Default: 10.
        pagination: 10
        # One sentence about the newsroom, for search engines and social cards. Optional.
        description: Press releases, media contacts and resources from \(organizationName).

        # Who publishes the releases. `name` is required; the rest is optional.
        organization:
          name: \(organizationName)
          # The organization's main website, absolute; linked from the header.
          url: https://www.example.org/
          # Markdown, printed as "About <name>" after every release: the boilerplate.
          about: |
            \(boilerplate)
          # Shown in the header: a file of Content/media/ (/media/logo.svg) or an absolute URL.
          logo: /media/logo.svg

        # The country (ISO 3166 code: US, GB, DE…) of phone numbers written without +, so that
        # their tel: links carry the country code. Optional; a number written with + needs none.
        phone_country: US

        # Media contacts, by id. Each needs a name; title, organization, phone and email are optional.
        # The newsroom lists them all on /contacts/, with a vCard each (/contacts/<id>.vcf).
        contacts:
          press-office:
            name: Press Office
            title: Media Relations
            organization: \(organizationName)
            phone: "+1 555 0100"
            email: press@example.org

        # The contacts a release lists when it names none (its own `contacts:` key).
        default_contacts: [press-office]

        # The main navigation after "Releases", in order: page slugs and the newsroom's own pages
        # (tags, archive, contacts). Without it: Tags, Archive, every page (by nav_weight, then
        # title; a page with nav: false is left out), then the contacts page.
        nav: [tags, archive, media-kit, contacts]

        # Markdown bodies: raw HTML is removed unless unsafe_html is true.
        markdown:
          unsafe_html: false

        # How a release is set. Each key is optional; these are the defaults (the line's default
        # is the theme's: FOR IMMEDIATE RELEASE). An empty line or end mark prints none.
        release:
          # The line above every published release's title.
          line: FOR IMMEDIATE RELEASE
          # The dateline's date: the date filter's directives; %Ob is the month in AP style (Oct.).
          dateline_format: "%Ob %-d, %Y"
          # A release's time, when its date has one; %Op is a.m. or p.m.
          time_format: "%-I:%M %Op %Z"
          # After the body.
          end_mark: "###"
        # The search page (/search/), its index (/search.json) and the header's search box; false turns them off.
        search: true

        # Anything else, for your own templates as site.params.<key>; newsroom reads none of it.
        params:
          tagline: Releases, contacts and media resources

        """
    }

    static let welcomeTitle = "\(organizationName) opens its newsroom"
    static let welcomeCategory = "Announcements"
    static let welcomeTags = ["Newsroom"]
    static let welcomeDateline = "Springfield"
    static let welcomeBody = """
        \(organizationName) today opened its newsroom: its press releases, media contacts and \
        resources for journalists, in one place.

        `newsroom init` wrote this release. Edit it, or delete it once you have written your own: \
        `newsroom new "Your headline"` makes a release file in `Content/releases/`, dated today and \
        listing your default media contacts.

        Journalists find the logo and the boilerplate in the [media kit](/media-kit/).

        """

    static let mediaKit = """
        ---
        title: Media kit
        description: The logo, the boilerplate and the media contacts of \(organizationName).
        ---
        Everything a journalist needs to write about \(organizationName).

        ## Logo

        [Download the logo (SVG)](/media/logo.svg)

        ## Boilerplate

        \(boilerplate)

        ## Media contacts

        Press Office, Media Relations: +1 555 0100, [press@example.org](mailto:press@example.org)

        """

    /// A square mark for the header, 40 by 40.
    static let logo = """
        <svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40" role="img" aria-label="\(organizationName)">
          <rect width="40" height="40" rx="8" fill="#1f4e8c"/>
          <path d="M13 10h15v4H18v4h9v4h-9v4h10v4H13z" fill="#ffffff"/>
        </svg>

        """

    /// Keeps the output and the build cache out of version control.
    static let gitignore = """
        /public/
        /.newsroom-cache/

        """
}
