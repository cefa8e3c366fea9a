"""What the fictional ministries of the sample submissions plan to do: data only.

Each ministry has a plan owner and a handful of digital-government projects; each project
serves one goal of the default plan, has a lead, partners, an audience and a KPI, and is
broken into action steps. samples.py turns these into filled workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Project:
    goal: str
    lead: str  # who is responsible for the steps
    partners: str  # supporting people / teams: other ministries, agencies, partners
    audience: str
    kpi: tuple[str, str, str]  # indicator, baseline, target
    steps: tuple[str, ...]


@dataclass(frozen=True)
class MinistryPlan:
    code: str
    owner: str
    contact: str
    projects: tuple[Project, ...]


MINISTRY_PLANS = (
    MinistryPlan("MDG", "Amara Okafor, Permanent Secretary", "a.okafor@mdg.gov.example", (
        Project("G1", "e-ID Programme Director", "Ministry of Interior; MOF; Central Bank",
                "Citizens; civil registry staff; banks and telecom operators",
                ("Adults holding an e-ID", "0%", "60% by Dec 2028"), (
                    "Adopt the e-ID regulation and the trust-services decree",
                    "Procure the e-ID card personalisation and PKI platform",
                    "Open 40 e-ID enrolment centres in district offices",
                    "Launch the mobile e-ID app with biometric login",
                    "Connect 25 public services to e-ID single sign-on")),
        Project("G4", "Chief Technology Officer", "IT heads of all ministries; MOJ",
                "IT heads of ministries; the data protection authority",
                ("Agencies exchanging data over the platform", "2", "30"), (
                    "Publish the interoperability framework and data-exchange standards",
                    "Deploy the secure data-exchange layer in the government cloud",
                    "Connect the civil, business and land registries to the platform")),
        Project("G5", "Head of the Government CIRT", "Ministry of Interior; telecom regulator",
                "CIOs of ministries; critical infrastructure operators; the public",
                ("Time to contain a major incident", "10 days", "48 hours"), (
                    "Establish the government CIRT with 12 analysts",
                    "Run a national cyber exercise with 20 agencies",
                    "Roll out 24/7 security monitoring of government networks")),
        Project("G3", "Director of the Digital Academy", "Civil Service College",
                "Civil servants; HR directors",
                ("Civil servants trained in digital skills", "1,500", "12,000"), (
                    "Design the digital skills curriculum with the Civil Service College",
                    "Train 200 digital champions across ministries")),
    )),
    MinistryPlan("MOH", "Dr. Lena Haddad, Chief of Staff", "l.haddad@moh.gov.example", (
        Project("G4", "Director of Health Information", "MDG; hospital IT departments",
                "Hospital directors; clinicians; patients",
                ("Hospitals exchanging records through FHIR", "0", "18 of 24"), (
                    "Adopt HL7 FHIR as the national health data standard",
                    "Issue a unique health identifier linked to the e-ID",
                    "Connect regional hospitals to the shared health record",
                    "Publish the patient portal for viewing one's own records")),
        Project("G1", "Chief Pharmacist", "Pharmacy Council; Ministry of Digital Government",
                "Pharmacists; doctors; the public",
                ("Prescriptions issued electronically", "5%", "70%"), (
                    "Pilot e-prescriptions in two regions",
                    "Extend e-prescriptions to all public pharmacies")),
        Project("G2", "Head of Rural Health Services", "MOE; mobile network operators",
                "Rural communities; district health officers",
                ("Rural clinics offering teleconsultation", "3", "120"), (
                    "Equip 120 rural clinics with teleconsultation kits",
                    "Train community nurses to run teleconsultations")),
    )),
    MinistryPlan("MOE", "Joseph Mwangi, Director General", "j.mwangi@moe.gov.example", (
        Project("G2", "Director of Education Technology", "Universal Service Fund; MDG",
                "Head teachers; parents; telecom operators",
                ("Public schools with broadband", "38%", "90%"), (
                    "Map the connectivity of every public school",
                    "Tender broadband for 1,200 schools from the universal service fund",
                    "Install Wi-Fi in the classrooms of connected schools")),
        Project("G3", "Head of Teacher Development", "Teacher training colleges",
                "Teachers; teacher unions",
                ("Teachers certified in digital pedagogy", "800", "9,000"), (
                    "Launch an online course in digital pedagogy",
                    "Certify 9,000 teachers in digital pedagogy")),
        Project("G4", "EMIS Manager", "National Statistics Office",
                "Head teachers; district education officers",
                ("Schools reporting enrolment online", "0%", "95%"), (
                    "Move the school census to the online EMIS",
                    "Publish enrolment and results data on the open data portal")),
        Project("G1", "Registrar of Examinations", "Universities; Ministry of Labour and Social "
                "Protection", "Students; employers; universities",
                ("Certificates verified online", "0", "50,000 a year"), (
                    "Issue digitally signed exam certificates",)),
    )),
    MinistryPlan("MOF", "Sofia Marin, Budget Director", "s.marin@mof.gov.example", (
        Project("G6", "Head of Budget Transparency", "Supreme Audit Institution; MDG",
                "Parliament; civil society organisations; journalists",
                ("Budget documents published in open formats", "2 of 8", "8 of 8"), (
                    "Publish the citizens' budget and in-year execution reports",
                    "Launch the open budget portal with machine-readable data")),
        Project("G6", "Director of Public Procurement", "MDG; Anti-Corruption Commission",
                "Suppliers; procuring entities; the public",
                ("Share of tender value run on e-procurement", "0%", "80%"), (
                    "Adopt the e-procurement regulation",
                    "Select and configure the e-procurement system",
                    "Train the procurement officers of 40 entities",
                    "Make e-procurement mandatory for open tenders")),
        Project("G1", "Commissioner of Domestic Taxes", "Revenue Authority; banks",
                "Taxpayers; accountants; small businesses",
                ("Tax returns filed online", "22%", "75%"), (
                    "Pre-fill personal income tax returns",
                    "Introduce e-invoicing for VAT-registered businesses")),
    )),
    MinistryPlan("MOI", "Col. Daniel Osei, Registrar General", "d.osei@moi.gov.example", (
        Project("G1", "Head of Civil Registration", "MOH; municipalities",
                "Parents; hospital registrars; municipalities",
                ("Births registered online", "0%", "60% by Dec 2027"), (
                    "Digitise 4 million paper civil-registry records",
                    "Publish the online birth-registration service",
                    "Link hospital birth notifications to the civil registry")),
        Project("G5", "Director of Identity Systems", "Ministry of Digital Government",
                "Registry staff; the data protection authority",
                ("Availability of the population register", "97.5%", "99.9%"), (
                    "Move the population register to the secure government data centre",
                    "Commission a disaster-recovery site for the register")),
    )),
    MinistryPlan("MOJ", "Grace Nakamura, Solicitor General", "g.nakamura@moj.gov.example", (
        Project("G6", "Chief Land Registrar", "Survey Department; MOA; banks",
                "Landowners; notaries; banks",
                ("Land parcels with a digital title", "15%", "70%"), (
                    "Scan and index the paper land titles of 12 districts",
                    "Survey unregistered parcels with drones",
                    "Open online title searches for notaries and banks")),
        Project("G1", "Court Administrator", "Bar Association; MDG",
                "Judges; lawyers; court users",
                ("Cases filed electronically", "0%", "50%"), (
                    "Deploy the case management system in the commercial courts",
                    "Let lawyers file cases online")),
        Project("G6", "Head of Legal Information", "Parliament's legal service",
                "Lawyers; the public",
                ("New laws published online within a week", "30%", "100%"), (
                    "Publish consolidated laws on a free legal portal",)),
    )),
    MinistryPlan("MOA", "Pedro Alves, Director of Planning", "p.alves@moa.gov.example", (
        Project("G4", "Head of Agricultural Statistics", "MOJ land registry; MDG",
                "Farmers; cooperatives; extension officers",
                ("Farmers registered", "120,000", "900,000"), (
                    "Register farmers with their e-ID and plot location",
                    "Link the farmer registry to the land registry")),
        Project("G1", "Input Subsidy Coordinator", "Mobile money operators; MOF",
                "Farmers; agro-dealers; mobile money operators",
                ("Subsidies paid by e-voucher", "0%", "80%"), (
                    "Pilot mobile e-vouchers in three provinces",
                    "Scale e-vouchers nationwide")),
        Project("G2", "Head of Extension Services", "Mobile network operators",
                "Farmers; cooperatives",
                ("Farmers receiving price alerts", "0", "250,000"), (
                    "Launch SMS market price alerts",)),
    )),
    MinistryPlan("MOL", "Fatima Zahra Idrissi, Secretary General", "f.idrissi@mol.gov.example", (
        Project("G4", "Director of Social Protection Systems", "MOI; MOF; municipalities",
                "Beneficiaries; social workers; municipalities",
                ("Programmes on the single social registry", "1 of 7", "7 of 7"), (
                    "Build the single social registry",
                    "Move the cash-transfer programmes onto the registry")),
        Project("G1", "Head of Benefit Payments", "Central Bank; mobile money operators",
                "Beneficiaries; banks; mobile money operators",
                ("Benefits paid digitally", "12%", "85%"), (
                    "Pay cash transfers into bank and mobile money accounts",)),
        Project("G3", "Director of Employment Services", "Employers' federation",
                "Job seekers; employers",
                ("Job seekers registered online", "0", "60,000"), (
                    "Launch the public job-matching portal",
                    "Train employment counsellors to use the portal")),
    )),
    MinistryPlan("MOT", "Ivan Petrov, Deputy Minister", "i.petrov@mot.gov.example", (
        Project("G1", "Director of Road Transport", "MOI; MDG; driving schools",
                "Drivers; driving schools",
                ("Licence renewals done online", "0%", "65%"), (
                    "Digitise the driver and vehicle registers",
                    "Launch online licence renewal with home delivery",
                    "Let car dealers register new vehicles online")),
        Project("G2", "Head of Urban Mobility", "City councils; bus operators",
                "Commuters; bus operators",
                ("Bus trips paid by card or phone", "0%", "40%"), (
                    "Procure contactless ticketing for city buses",
                    "Open real-time bus arrival data")),
    )),
    MinistryPlan("MEN", "Dr. Ana Lucia Reyes, Director of Environment",
                 "a.reyes@men.gov.example", (
        Project("G1", "Head of Environmental Permits", "MTI; Ministry of Digital Government",
                "Businesses; environmental consultants",
                ("Permit applications made online", "0%", "90%"), (
                    "Redesign the environmental permit process",
                    "Launch online permit applications with tracking")),
        Project("G6", "Air Quality Programme Manager", "Municipalities; universities",
                "The public; researchers; municipalities",
                ("Monitoring stations publishing open data", "4", "40"), (
                    "Install 36 air quality sensors in cities",
                    "Publish real-time air quality data and alerts")),
    )),
    MinistryPlan("MTI", "Kwame Asante, Registrar of Companies", "k.asante@mti.gov.example", (
        Project("G1", "Registrar of Companies", "MOF; MOJ; chambers of commerce",
                "Entrepreneurs; lawyers; chambers of commerce",
                ("Days to register a company", "21 days", "1 day"), (
                    "Adopt the law on electronic company registration",
                    "Launch one-stop online business registration",
                    "Link business registration to tax and social security")),
        Project("G4", "Trade Facilitation Director", "Customs; MOA; MOH",
                "Traders; customs brokers; border agencies",
                ("Import and export permits issued online", "10%", "95%"), (
                    "Connect 12 border agencies to the trade single window",
                    "Accept electronic certificates of origin")),
        Project("G3", "Head of SME Development", "Chambers of commerce",
                "Small businesses; chambers of commerce",
                ("SMEs selling online", "8%", "25%"), (
                    "Offer digital vouchers to 5,000 small businesses",)),
    )),
)

# Resources by type: what a step needs, and the range of its cost.
RESOURCES = {
    "Financial": (("Capital budget for equipment and licences", 250_000, 2_500_000),
                  ("Budget for the rollout in the regions", 400_000, 3_000_000)),
    "Human Resources": (("A project manager, two analysts and a trainer", 60_000, 300_000),
                        ("Trainers for regional staff", 40_000, 200_000)),
    "Technical": (("Hosting in the government cloud; integration with the interoperability "
                   "platform", 80_000, 600_000),
                  ("A system integrator and secure connectivity", 150_000, 900_000)),
    "Political": (("Cabinet approval and the minister's visible backing", 0, 0),
                  ("Parliament's vote on the law", 0, 20_000)),
    "Other": (("Office space and furniture for service centres", 20_000, 150_000),),
}
BARRIERS = (
    "Staff worried about workload; address with training and a helpdesk",
    "Vendors of the legacy system may resist; plan the data migration early",
    "Low trust in online services among older citizens; run an awareness campaign",
    "Unions may resist changes to job descriptions; consult them from the start",
    "Budget cuts could delay procurement; secure a multi-year commitment",
    "Weak connectivity in rural districts; provide offline fall-backs",
    "Privacy concerns from civil society; publish a data protection impact assessment",
)
COMMUNICATORS = ("Communications Officer", "Head of Communications", "Project Manager",
                 "Programme Director")
