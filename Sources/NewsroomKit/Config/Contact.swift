/// A media contact from `newsroom.yml`, referenced by releases through its id.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var name: String
    public var title: String?
    public var organization: String?
    public var phone: String?
    public var email: String?

    public init(id: String, name: String, title: String? = nil, organization: String? = nil,
                phone: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.title = title
        self.organization = organization
        self.phone = phone
        self.email = email
    }
}
