/// The fixed word lists the generator draws from. Changing them changes every generated
/// file, so append rather than reorder when a list must grow.
public enum Vocabulary {
  /// A name as displayed, and the ASCII form used in email addresses.
  public struct Name: Sendable {
    /// The name as the CSV writes it.
    public let display: String
    /// The ASCII form in email addresses.
    public let slug: String
    init(_ display: String, _ slug: String? = nil) {
      self.display = display
      self.slug = slug ?? display.lowercased()
    }
  }

  /// First names, some with letters beyond ASCII, so that encodings and case folding are exercised.
  public static let firstNames: [Name] = [
    Name("James"), Name("Mary"), Name("Robert"), Name("Patricia"), Name("John"), Name("Jennifer"),
    Name("Michael"), Name("Linda"), Name("David"), Name("Elizabeth"), Name("William"), Name("Barbara"),
    Name("Richard"), Name("Susan"), Name("Joseph"), Name("Jessica"), Name("Thomas"), Name("Sarah"),
    Name("Charles"), Name("Karen"), Name("Christopher"), Name("Lisa"), Name("Daniel"), Name("Nancy"),
    Name("Matthew"), Name("Betty"), Name("Anthony"), Name("Margaret"), Name("Mark"), Name("Sandra"),
    Name("Priya"), Name("Arjun"), Name("Wei"), Name("Mei"), Name("Hiroshi"), Name("Yuki"),
    Name("Olusegun"), Name("Amara"), Name("Kwame"), Name("Fatima"), Name("Omar"), Name("Layla"),
    Name("Santiago"), Name("Valentina"), Name("Mateo"), Name("Camila"), Name("Lucas"), Name("Sofia"),
    Name("Noah"), Name("Emma"), Name("Liam"), Name("Olivia"), Name("Ethan"), Name("Ava"),
    Name("José", "jose"), Name("Zoë", "zoe"), Name("Björn", "bjorn"), Name("Søren", "soren"),
    Name("François", "francois"), Name("Łukasz", "lukasz"), Name("Chloé", "chloe"), Name("Renée", "renee"),
    Name("Jürgen", "jurgen"), Name("Ângela", "angela"), Name("Mónica", "monica"), Name("Çağrı", "cagri"),
    Name("Dmitrij"), Name("Ingrid"), Name("Aoife"), Name("Siobhán", "siobhan"), Name("Nguyễn Văn", "nguyenvan"),
    Name("美咲", "misaki"), Name("Анна", "anna"), Name("Jean-Luc", "jean-luc"), Name("Mary Ann", "maryann"),
  ]

  /// Surnames, likewise.
  public static let lastNames: [Name] = [
    Name("Smith"), Name("Johnson"), Name("Williams"), Name("Brown"), Name("Jones"), Name("Garcia"),
    Name("Miller"), Name("Davis"), Name("Rodriguez"), Name("Martinez"), Name("Hernandez"), Name("Lopez"),
    Name("Gonzalez"), Name("Wilson"), Name("Anderson"), Name("Thomas"), Name("Taylor"), Name("Moore"),
    Name("Jackson"), Name("Martin"), Name("Lee"), Name("Perez"), Name("Thompson"), Name("White"),
    Name("Harris"), Name("Sanchez"), Name("Clark"), Name("Ramirez"), Name("Lewis"), Name("Robinson"),
    Name("Patel"), Name("Sharma"), Name("Chen"), Name("Wang"), Name("Tanaka"), Name("Suzuki"),
    Name("Okafor"), Name("Adeyemi"), Name("Mensah"), Name("Haddad"), Name("Khan"), Name("Silva"),
    Name("Santos"), Name("Rossi"), Name("Bianchi"), Name("Dubois"), Name("Schmidt"), Name("Novak"),
    Name("Müller", "mueller"), Name("García", "garcia"), Name("Núñez", "nunez"), Name("Østergaard", "ostergaard"),
    Name("Dvořák", "dvorak"), Name("O'Brien", "obrien"), Name("Nguyễn", "nguyen"), Name("Kowalczyk"),
    Name("Ibáñez", "ibanez"), Name("Çelik", "celik"), Name("Şahin", "sahin"), Name("Gómez", "gomez"),
    Name("van der Berg", "vanderberg"), Name("Smith-Jones", "smith-jones"), Name("MacDonald", "macdonald"),
    Name("佐藤", "sato"), Name("Иванова", "ivanova"), Name("Lindqvist"), Name("Ó Súilleabháin", "osullivan"),
  ]

  /// A department and the titles people in it have.
  public struct Department: Sendable {
    /// The department's name.
    public let name: String
    /// Its titles, the head's first.
    public let titles: [String]
  }

  /// Ten departments with their usual titles; the first title of each is its head.
  public static let departments: [Department] = [
    Department(
      name: "Engineering",
      titles: [
        "VP, Engineering", "Engineering Manager", "Staff Engineer", "Senior Software Engineer", "Software Engineer",
        "Site Reliability Engineer",
      ]),
    Department(
      name: "Sales", titles: ["VP, Sales", "Sales Manager", "Account Executive", "Sales Development Representative", "Solutions Engineer"]),
    Department(
      name: "Marketing",
      titles: ["Chief Marketing Officer", "Marketing Manager", "Content Strategist", "Marketing Specialist", "Brand Designer"]),
    Department(
      name: "Finance", titles: ["Chief Financial Officer", "Controller", "Financial Analyst", "Accountant", "Payroll Specialist"]),
    Department(
      name: "Human Resources", titles: ["Chief People Officer", "HR Business Partner", "Recruiter", "People Operations Specialist"]),
    Department(
      name: "Operations",
      titles: [
        "Chief Executive Officer", "Chief Operating Officer", "Operations Manager", "Operations Analyst", "Facilities Coordinator",
        "Office Manager",
      ]),
    Department(
      name: "Customer Support", titles: ["Head of Support", "Support Team Lead", "Support Specialist", "Technical Support Engineer"]),
    Department(name: "Legal", titles: ["General Counsel", "Senior Counsel", "Paralegal", "Compliance Analyst"]),
    Department(name: "Product", titles: ["VP, Product", "Group Product Manager", "Product Manager", "Product Designer", "UX Researcher"]),
    Department(
      name: "Research & Development",
      titles: ["Director of Research", "Principal Scientist", "Research Scientist", "Lab Technician", "Data Scientist \"ML\""]),
  ]

  /// The eight locations the bench tenant configures (in `tenant.json`, with this spelling).
  public static let locations: [String] = [
    "New York", "San Francisco", "London", "Berlin", "Paris", "Tokyo", "São Paulo", "Remote",
  ]

  /// The CSV header of the original product, plus the custom column `Cost Center`.
  public static let header = [
    "Full Name", "Email", "Employee ID", "Department", "Title", "Hire Date", "Manager's email", "Picture URL",
    "Location", "Termination Date", "Cost Center",
  ]

  /// The domain of every email.
  public static let emailDomain = "example.com"
  /// The start of every picture URL.
  public static let pictureBase = "https://pictures.example.com/people/"
}
