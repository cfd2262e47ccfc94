/// A media contact from `newsroom.yml`, referenced by releases through its id.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var name: String
    public var title: String?
    public var organization: String?
    public var phone: String?
    public var email: String?
    /// `phone` in international form (`+15713193047`), for `tel:` links and the vCard; nil when
    /// there is no phone or it cannot be written so (a warning says why).
    public var phoneE164: String?

    public init(id: String, name: String, title: String? = nil, organization: String? = nil,
                phone: String? = nil, email: String? = nil, phoneE164: String? = nil) {
        self.id = id
        self.name = name
        self.title = title
        self.organization = organization
        self.phone = phone
        self.email = email
        self.phoneE164 = phoneE164
    }

    /// The name of the contact's vCard file under `contacts/`, without `.vcf`: the id made a slug.
    public var fileName: String { Slug.make(id) }
}
