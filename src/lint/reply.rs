//! Replies to public reviews: practices have paid HHS OCR settlements for replies on
//! Yelp and Google that confirmed a reviewer was their patient or discussed their care
//! (45 CFR 164.502(a): a disclosure needs an authorization; confirming someone is a
//! patient is one). A safe reply thanks, confirms nothing, and invites offline contact.
//!
//! The linter reads what a reply *discloses*, sentence by sentence, rather than looking
//! for stock phrases: a condition, procedure, treatment, medication, test or result
//! that belongs to the reader ("your", "you had", a name); insurance and billing
//! specifics; appointment facts (dates, times, no-shows, lateness); and statements of
//! the relationship (how long they have come, who saw them, a phone call with them).
//! General statements ("we can't discuss anyone's care online", "we accept most
//! insurance plans") pass.

use super::phi::{Allowances, PhiScanner};
use crate::diagnostics::Diagnostic;
use regex::Regex;
use std::path::Path;

/// Whether a rule applies to any sentence, or only to one that addresses the reviewer
/// ("you", "your", a greeting name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Anywhere,
    Addressed,
    /// Addressed, and not a statement of policy ("we can't discuss anyone's diabetes
    /// care online" names a condition but discloses nothing).
    AddressedNotPolicy,
    /// Addressed, and the sentence is about a visit, a call or a wait (so "our website
    /// was redesigned last week" is not a date of the reviewer's).
    AddressedVisit,
    /// Any sentence that is not a statement of policy.
    AnywhereNotPolicy,
    /// The reply greets or names the reviewer, and the sentence is not policy.
    NamedNotPolicy,
}

struct ReplyRule {
    code: &'static str,
    scope: Scope,
    pattern: Regex,
    message: &'static str,
    /// False for a match that only looks like a disclosure.
    keep: fn(&str) -> bool,
}

fn always(_: &str) -> bool {
    true
}

/// "your insurer before any procedure" runs from one noun phrase into another: between
/// "your" and what it owns there are only describing words.
fn one_noun_phrase(m: &str) -> bool {
    const CROSSING: &[&str] = &[
        "before", "after", "any", "for", "with", "about", "to", "of", "at", "in", "on", "and",
        "or", "the", "a", "an", "every", "all", "if", "when", "from", "by", "is", "are", "was",
        "were", "has", "have", "that", "this", "we", "our",
    ];
    let words: Vec<String> = m.split_whitespace().map(|w| w.to_lowercase()).collect();
    words.len() <= 2
        || words[1..words.len() - 1]
            .iter()
            .all(|w| !CROSSING.contains(&w.as_str()))
}

/// Compiled reply rules; build once.
pub struct ReplyLinter {
    rules: Vec<ReplyRule>,
    addressed: Regex,
    greeting: Regex,
    policy: Regex,
    visit: Regex,
    phi: PhiScanner,
}

impl Default for ReplyLinter {
    fn default() -> Self {
        Self::new()
    }
}

fn rx(p: &str) -> Regex {
    Regex::new(&format!("(?i){p}")).expect("built-in reply pattern compiles")
}

/// Conditions, across primary care, dental, dermatology, orthopaedics and behavioural
/// health (and what patients call them).
const CONDITIONS: &str = r"diabet\w*|pre-?diabet\w*|a1c|hypertension|high blood pressure|blood pressure|cholesterol|asthma|copd|allerg\w+|hay fever|eczema|psoriasis|rosacea|acne|melanoma|skin cancer|cancer|tumou?rs?|lesions?|moles?|rash\w*|warts?|hives|shingles|infections?|uti|strep|flu|covid|pneumonia|bronchitis|sinusitis|migraines?|headaches?|seizures?|epilepsy|stroke|heart attack|heart condition|a-?fib|arrhythmia|thyroid|anemia|gout|arthritis|osteoporosis|fractures?|broken (?:arm|leg|wrist|ankle|bone|toe|finger|nose)|sprain\w*|strain\w*|torn \w+|tears?|acl|mcl|meniscus|rotator cuff|tendonitis|tendinitis|sciatica|bursitis|plantar fasciitis|bunions?|back pain|neck pain|knee pain|hip pain|pain|concussion|whiplash|scoliosis|cavit(?:y|ies)|gum disease|gingivitis|periodontitis|abscess|tooth decay|decay|sensitivity|toothache|tmj|impacted|anxiety|panic attacks?|panic|depress\w*|bipolar|ptsd|trauma|ocd|adhd|add|autism|eating disorder|anorexia|bulimia|insomnia|sleep apnea|triggers?|dry socket|headaches?|dislocat\w+|tonsils|adenoids|appendix|gallbladder|astigmatism|myopia|presbyopia|cataract|joints|swollen|ingrown toenail|kidney stones?|gallstones?|melasma|hyperpigmentation|pigmentation|alopecia|hair loss|vitiligo|dermatitis|keratosis|cysts?|tendinopathy|achilles|hearing|(?:high|low)-frequency loss|(?-i:ED)|incontinence|reflux|ibs|crohn'?s|colitis|celiac|coeliac|lupus|fibromyalgia|neuropathy|wound|ulcer|apnea|addiction|alcohol use|substance use|opioid use|relapse|grief|schizophrenia|dementia|alzheimer'?s|pregnan\w*|miscarriage|infertility|endometriosis|pcos|menopause|erectile dysfunction|low testosterone|hiv|hepatitis|std|sti|herpes|chlamydia|obesity|weight|hearing loss|tinnitus|vertigo|glaucoma|cataracts?|stutter\w*|lisp|speech delay|symptoms?|flare(?:-?ups?)?|condition|diagnos\w+|illness|injur\w+|scar\w*|swelling|bruis\w+|bleeding|numbness|itch\w*";

/// Procedures, treatments, devices and visits of a kind (not of anyone in particular).
const CARE: &str = r"surger(?:y|ies)|operation|procedures?|arthroscopy|replacement|reconstruction|fusion|mohs|biops(?:y|ies)|excision|removal|stitches|sutures|cast|brace|splint|boot|crutches|cane|walker|implants?|crowns?|fillings?|root canals?|extractions?|wisdom teeth|wisdom tooth|veneers?|whitening|dentures?|bridge|braces|invisalign|aligners?|trays|retainers?|deep cleaning|scaling|cleanings?|sealants?|fluoride|x-?rays?|mri|ct scan|scans?|ultrasound|mammogram|colonoscopy|endoscopy|pap smear|labs?|lab work|bloodwork|blood draw|blood test|tests?|screenings?|results?|physicals?|check-?ups?|exams?|skin check|vaccin\w+|shots?|boosters?|injections?|infusions?|cortisone|botox|fillers?|laser|peels?|microneedling|allergy shots|therapy|physio(?:therapy)?|physical therapy|pt|rehab\w*|counsell?ing|cbt|dbt|emdr|sessions?|program(?:me)?|treatments?|treatment plan|care plan|prescriptions?|refills?|medications?|meds|doses?|dosage|antibiotics?|painkillers?|insulin|inhaler|cpap|hearing aids?|glasses|contacts|lenses|ivf|embryo transfer|egg retrieval|transfer|iui|prenatal|delivery|c-section|induction|detox|intake|assessment|evaluation|consult(?:ation)?|follow-?ups?|adjustments?|recovery|healing|progress|referrals?|chemo(?:therapy)?|radiation|radiotherapy|dialysis|reduction|nerve block|block|fitting|fittings|certificate|vaccination record|travel vaccines?|study|sleep study|varifocals|bifocals|bandage|dressings?|compression|iud|coil|insertion|groups?|support group|telehealth|video call|retests?|re-tests?|beta|hcg|cycles?|icu|ward|a&e|hospice|sick note|doctor's note|fit note|medical certificate|work note|note for work|inpatient|numbing|anaesthetic|anesthetic|sedation|laughing gas|nitrous|post-?op|frames|tablets|pills|birth|labou?r";

/// Medications by name: a reply that names one is about someone's prescription.
const MEDICATIONS: &str = r"topiramate|topamax|sumatriptan|imitrex|propranolol|metoprolol|atenolol|carvedilol|hydrochlorothiazide|furosemide|lasix|spironolactone|clopidogrel|omeprazole|prilosec|pantoprazole|esomeprazole|nexium|famotidine|ondansetron|zofran|montelukast|singulair|cetirizine|loratadine|fexofenadine|methotrexate|hydroxychloroquine|plaquenil|allopurinol|colchicine|alendronate|fosamax|levetiracetam|keppra|carbamazepine|valproate|depakote|baclofen|cyclobenzaprine|meloxicam|celecoxib|celebrex|diclofenac|tamsulosin|flomax|oxybutynin|estradiol|medroxyprogesterone|depo-provera|nexplanon|mirena|letrozole|anastrozole|tamoxifen|herceptin|keytruda|iron tablets|ferrous|vitamin b12|b12 shots|metformin|ozempic|wegovy|mounjaro|semaglutide|tirzepatide|jardiance|insulin|lisinopril|amlodipine|losartan|atorvastatin|lipitor|rosuvastatin|crestor|simvastatin|levothyroxine|synthroid|warfarin|eliquis|xarelto|plavix|albuterol|ventolin|advair|symbicort|prednisone|amoxicillin|augmentin|azithromycin|z-?pak|doxycycline|cephalexin|keflex|ciprofloxacin|ibuprofen|naproxen|tylenol|acetaminophen|oxycodone|hydrocodone|percocet|vicodin|tramadol|codeine|morphine|gabapentin|lyrica|methadone|suboxone|buprenorphine|naltrexone|vivitrol|narcan|sertraline|zoloft|fluoxetine|prozac|escitalopram|lexapro|citalopram|paroxetine|bupropion|wellbutrin|venlafaxine|effexor|duloxetine|cymbalta|trazodone|mirtazapine|lithium|lamotrigine|lamictal|quetiapine|seroquel|aripiprazole|abilify|adderall|ritalin|vyvanse|concerta|methylphenidate|xanax|alprazolam|klonopin|clonazepam|ativan|lorazepam|valium|diazepam|ambien|zolpidem|melatonin|isotretinoin|accutane|tretinoin|retin-a|spironolactone|dupixent|humira|botox|viagra|cialis|finasteride|propecia|testosterone|estrogen|progesterone|clomid|letrozole|birth control|the pill|plan b|epipen|flonase|zyrtec|claritin|allegra";

/// Insurers and public plans.
const INSURERS: &str = r"medicaid|medicare|medi-cal|tricare|chip|aetna|cigna|humana|kaiser|anthem|blue cross|blue shield|bcbs|united ?healthcare|uhc|delta dental|bluecross|metlife|guardian|ambetter|molina|centene|oscar|bupa|medibank|nhs|ohip|southern cross";

/// Words that make a time or amount general ("anyone's visit", "every appointment").
const CLINICIANS: &str = r"doctor|dr|physician|dentist|hygienist|orthodontist|oral surgeon|surgeon|nurse(?: practitioner)?|np|pa|physician assistant|therapist|physical therapist|physio|counsell?or|psychiatrist|psychologist|pharmacist|chiropractor|dermatologist|provider|clinician|optometrist|audiologist|podiatrist|midwife|dietitian|nutritionist|care team|specialist|coach";

impl ReplyLinter {
    pub fn new() -> Self {
        let weekday = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?";
        let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        let person = r"(?:your|ur|his|her|the twins'|(?:your|the) (?:little|wee) (?:one|ones|girl|boy)'?s?|(?-i:[A-Z][a-z]+)'s|(?:your|his|her) (?:son|daughter|child|kid|kids|children|boy|girl|baby|husband|wife|partner|spouse|mom|mum|mother|dad|father|parent|grandmother|grandfather|grandma|grandpa|nan|sister|brother|family)'?s?)";
        let rule = |code, scope, pattern: String, message| ReplyRule {
            code,
            scope,
            pattern: rx(&pattern),
            message,
            keep: always,
        };
        let phrase = |code, pattern: String, message| ReplyRule {
            code,
            scope: Scope::Anywhere,
            pattern: rx(&pattern),
            message,
            keep: one_noun_phrase,
        };
        use Scope::{
            Addressed, AddressedNotPolicy, AddressedVisit, Anywhere, AnywhereNotPolicy,
            NamedNotPolicy,
        };
        let rules = vec![
            // Health: what belongs to the reader or someone of theirs.
            phrase(
                "reply::health_detail",
                format!(r"\b{person}\s+(?:[\w'-]+\s+){{0,3}}?(?:{CONDITIONS}|{CARE})\b"),
                "names the care or health of the reviewer or someone close to them",
            ),
            rule(
                "reply::health_detail",
                AnywhereNotPolicy,
                format!(r"\b(?:{MEDICATIONS})\b"),
                "names a medication",
            ),
            // To a reviewer greeted by name, any treatment or condition is theirs.
            rule(
                "reply::health_detail",
                NamedNotPolicy,
                format!(r"\b(?:{CONDITIONS}|{CARE})\b"),
                "mentions care to a reviewer addressed by name",
            ),
            rule(
                "reply::health_detail",
                Anywhere,
                format!(r"\b(?:it|this|that) (?:was|is|looks like|looked like|turned out to be|sounds like)\s+(?:a |an |just a |only a )?(?:\w+\s+)?(?:{CONDITIONS})\b|\bthe (?:pain|swelling|rash|itch\w*|bleeding|sensitivity|infection|symptoms?|soreness|bruising|acne|flare) (?:is|are|has|have)\s+(?:\w+\s+)?(?:gone|better|improving|cleared|subsided|down|resolved|settled|normal)\b|\b(?:the|that|this)\s+(?:[\w'-]+\s+){{0,2}}?(?:{CARE})\s+(?:(?:dr\.?|doctor)\s+\w+|we|she|he|they)\s+(?:placed|did|put in|fitted|removed|prescribed|ordered|recommended|gave|started)\b|\byou (?:felt|thought|said|found|feel|think|mentioned)\s+(?:our|the|your)\s+(?:[\w'-]+\s+)?(?:{CARE})\b"),
                "discusses the reviewer's care",
            ),
            rule(
                "reply::health_detail",
                Anywhere,
                r"\b(?:a1c|hba1c|ldl|hdl|cholesterol|glucose|blood sugar|blood pressure|bp|psa|tsh|inr|vitamin d|iron|platelets?|white count|bmi|weight)\b[^.!?]{0,25}?\d|\b(?:came back|come back|were|was|looked?)\s+(?:negative|positive|benign|malignant|clear|normal|abnormal|elevated)\b|\b(?:came back|come back) (?:within|in the) normal\b|\b(?:showed|shows|found) no (?:sign|signs|evidence|trace)\b|\b(?:the|your) discharge (?:paperwork|papers|instructions|summary|letter|notes)\b|\b(?:nothing|something) (?:concerning|abnormal|worrying|unusual|serious|suspicious) (?:showed up|came up|was found|turned up|on)\b|\b(?:showed|shows|did show|revealed|confirmed|found)\s+(?:a|an|two|three|some|the|no|small|partial|mild|\d+)?\s*(?:[\w-]+\s+){0,2}(?:tear|fracture|cavit(?:y|ies)|infection|lesion|mass|break|sprain|arthritis|tumou?r|cyst|polyp|nodule|decay)\b|\btooth (?:#?\s?\d{1,2})\b|\b\d+\s?(?:mg|mcg|units|ml)\b".to_string(),
                "gives a test result, a finding or a dose",
            ),
            // A particular treatment and how it went ("the crown that was placed last
            // month came loose", "the blood draw was uncomfortable").
            rule(
                "reply::health_detail",
                Anywhere,
                format!(r"\b(?:the|that|this)\s+(?:[\w'-]+\s+){{0,2}}?(?:{CARE})\b[^.!?]{{0,50}}?\b(?:(?:was|were|got|has been|had been)\s+(?:placed|done|removed|taken|put in|fitted|completed|started|performed|drawn|uncomfortable|painful|rough|hard|tough|long|quick|easy|successful|a success)|hurt|stung|ached|went (?:well|smoothly|fine|great|ok|okay|badly)|came (?:loose|out|off|back)|fell out|broke|cracked|healed|has healed|worked|worked out|didn't work|did not work|failed|lets you|(?:has |have )?(?:sorted|helped|fixed|cleared|improved|did the trick))\b|\b(?:the|your|his|her) new (?:knee|hip|shoulder|teeth|tooth|smile|crown|implant|glasses|frames|hearing aids?|lens|lenses|denture|dentures|braces|retainer|prescription|arrival|baby)\b|\b(?:the|your|that) (?:knee|hip|shoulder|back|ankle|wrist|tooth|teeth|skin|eye|eyes|foot|feet|neck|jaw|gums?|scar|incision|wound|stitches|bite) (?:is|are|has been|have been|feels?|looks?)\s+(?:\w+\s+)?(?:holding up|healing|healed|better|improving|great|good|stronger|fine|clear|settled|back)\b|\b(?:\w+\s+)?(?:weeks?|days?|months?) (?:post-?op|post-?partum|after (?:surgery|the op|your))\b|\b(?:off|without) the (?:crutches|oxygen|walker|cane|brace|sling|cast|boot)\b|\bout of the (?:cast|boot|sling|brace)\b|\b(?:the|your) (?:positive|negative|good|great|clear|normal|all-clear) (?:result|results|news|scan|test|smear)\b|\b(?:reading|level|score|count|number)s? (?:of|was|is|at) \d|\b(?:a|the|your) (?:positive|negative|normal|abnormal|clear|good|bad) (?:beta|result|test|scan|smear|biopsy|mammogram|report|reading)\b|\b\d+\s?(?:kg|kilos?|lbs?|pounds|stone)\s+(?:down|lost|off|lighter)\b|\b(?:lost|dropped|down)\s+\d+\s?(?:kg|kilos?|lbs?|pounds|stone)\b|\bboth (?:ears|eyes|knees|hips|feet|hands|legs|arms|shoulders)\b|\bmissing (?:two|three|four|several|\d+) (?:days|appointments|sessions|doses|visits)\b"),
                "describes a particular treatment and how it went",
            ),
            rule(
                "reply::health_detail",
                Addressed,
                format!(r"\b(?:you|you've|you're|you'd|u)\s+(?:\w+\s+){{0,3}}?(?:had|got|received|underwent|were (?:given|prescribed|diagnosed|treated|seen|referred|fitted)|started|finished|completed|tried|take|took|taking|need(?:ed)?|chose|came in for|come in for|booked)\b[^.!?]{{0,50}}?\b(?:{CONDITIONS}|{CARE})\b|\b(?:{CONDITIONS}|{CARE})\b[^.!?]{{0,40}}?\b(?:you (?:had|got|were given|received|asked about|came in for|mentioned)|we (?:placed|did|gave|prescribed|removed|fitted|sent) (?:you|for you)|for you)\b|\b(?:the|that|this)\s+(?:[\w'-]+\s+){{0,2}}?(?:{CARE})\b[^.!?]{{0,90}}?\b(?:you|your)\b|\b(?:you|your)\b[^.!?]{{0,60}}?\b(?:after|before|since|from|with|during) the\s+(?:[\w'-]+\s+){{0,2}}?(?:{CARE})\b|\byou\s+(?:\w+\s+){{0,3}}?(?:in|during|at|after|from|with|through)\s+(?:our|the)\s+(?:[\w'-]+\s+){{0,2}}?(?:{CARE})\b|\b(?:{CONDITIONS}|{CARE})\b[^.!?]{{0,20}}?\byours\b|\b(?:we|i|our \w+)\s+(?:treated|diagnosed|examined|prescribed|saw|referred|fitted|operated on|scanned|x-rayed|discharged|admitted|removed|placed)\s+(?:you|your|him|her|them)\b|\b(?:{CARE})\b[^.!?]{{0,40}}?\b(?:gave you|gives you|helped you|brought you|got you)\b|\bkeep (?:taking|using|doing|wearing|applying|up with) (?:the|your|those|that)\b"),
                "discusses the reviewer's care",
            ),
            // A condition spoken of to the reviewer ("as someone living with high blood
            // pressure, you…", "we hear you about the scarring").
            rule(
                "reply::health_detail",
                AddressedNotPolicy,
                format!(r"\b(?:{CONDITIONS})\b"),
                "mentions a health condition to the reviewer",
            ),
            rule(
                "reply::confirms_patient",
                Anywhere,
                format!(r"\bour\s+(?:{CLINICIANS})s?\b[^.!?]{{0,40}}?\b(?:support|help|see|treat|care for|work with|look after)\s+(?:him|her|them|you)\b"),
                "says the practice's clinicians look after the reviewer or their family",
            ),
            // Care of someone of theirs: "our chaplain's visits brought your mother comfort".
            rule(
                "reply::confirms_patient",
                Anywhere,
                r"\b(?:your|his|her) (?:son|daughter|child|kid|kids|children|boy|girl|baby|husband|wife|partner|spouse|mom|mum|mother|dad|father|parent|grandmother|grandfather|grandma|grandpa|nan|sister|brother|family|little one|wee one)\b[^.!?]{0,60}?\b(?:care|cared|caring|looked after|treated|treating|visits?|visited|comfort|final days|passed|loss|appointment|session|checkup|check-up|therapy|stay)\b|\b(?:care|cared|caring|looked after|treated|treating|visits|comfort)\b[^.!?]{0,30}?\b(?:your|his|her) (?:son|daughter|child|kid|kids|husband|wife|partner|mom|mum|mother|dad|father|parent|grandmother|grandfather|sister|brother|little one|wee one)\b|\bsince we (?:switched|changed|started|stopped|increased|lowered|adjusted|added)\b|\b(?:the )?kids'? (?:checkups|check-ups|cleanings|appointments) are due\b".to_string(),
                "speaks of the care of the reviewer or their family",
            ),
            // A part of the reader's body ("that Achilles will thank you", "your lower back").
            rule(
                "reply::health_detail",
                AddressedNotPolicy,
                r"\b(?:your|that|those|his|her)\s+(?:left |right |lower |upper |sore |bad |new )?(?:knee|knees|hip|hips|shoulder|back|ankle|wrist|elbow|neck|achilles|hamstring|calf|calves|heel|foot|feet|toe|toes|jaw|tooth|teeth|gums|scalp|ear|ears|throat|chest|lungs|stomach|gut|bladder|prostate|spine|pelvis|finger|thumb|incision|scar|stitches|bite|eczema|acne)\b".to_string(),
                "mentions a part of the reviewer's body",
            ),
            // How they are doing: progress and outcomes are care too.
            rule(
                "reply::health_detail",
                Addressed,
                r"\b(?:you(?:'re| are)|your \w+ (?:is|has|are|have))\s+(?:\w+\s+){0,2}?(?:healing|healed|recovering|better|improving|sober|clean|pain-?free|cleared up|sleeping|walking|running|back on|back to|cancer-?free|in remission|off (?:the|your))\b|\b(?:back on your feet|back to (?:running|work|the gym|the golf|golf|playing|the pitch|dancing)|walking (?:again|without)|feeling better|on the mend|your (?:recovery|progress|healing|results|smile|skin|hearing|teeth|knee|hip|back|shoulder|ankle|eyes|vision|sobriety|journey))\b".to_string(),
                "describes how the reviewer's treatment turned out",
            ),
            // Billing and insurance specifics.
            ReplyRule {
                scope: Scope::AnywhereNotPolicy,
                ..phrase(
                "reply::billing_detail",
                format!(r"\b{person}\s+(?:[\w'-]+\s+){{0,2}}?(?:insurance|insurer|plan|coverage|policy|claim|copay|co-pay|deductible|balance|bill|billing|statement|invoice|account|payment|refund|credit|eob|benefits|hsa|fsa|card|charges?|fees?|authori[sz]ation|pre-?auth\w*|cover|extras|excess|gap|{INSURERS})\b"),
                "gives billing or insurance details of the reviewer",
                )
            },
            rule(
                "reply::billing_detail",
                Anywhere,
                format!(r"\b(?:claim|charge|bill|invoice|copay|balance|payment|fee)s?\s+(?:was|were|is|has been|had been)\s+(?:denied|rejected|applied|corrected|refunded|sent|submitted|billed|waived|reduced|charged|reversed|approved|paid)\b|\b(?:we|i)\s+(?:double-?)?(?:billed|charged|refunded|credited|invoiced|sent \w+ to collections)\s+(?:you|your)\b|\byou\s+(?:owe|owed|paid|were charged|were billed)\b|\b(?:insurer|insurance|plan|{INSURERS})\b[^.!?]{{0,40}}?\b(?:denied|didn't cover|did not cover|doesn't cover|does not cover|won't cover|only (?:covered|covers|approved|paid|pays)|covers only|approved only|paid only|lapsed|approved|paid|came back|denies|rejected)\b|\bwaived (?:the|your) (?:[\w-]+ )?(?:fee|charge|copay|co-pay|balance)\b|\b(?:the|your|his|her) (?:prior|pre-?)\s?auth(?:ori[sz]ation)?\b|\b(?:prior|pre-?)\s?auth(?:ori[sz]ation)?\s+(?:\w+\s+){{0,3}}?(?:took|came back|was approved|is approved|was denied|went through)\b|\b(?:went|was sent|were sent|was referred|been sent) to collections\b|\b(?:the|your) payment plan\b|\byou (?:don't|do not|no longer) owe\b|\b(?:refund\w*|overpayment|credit|charge|balance|copay|deductible|bill)\b[^.!?]{{0,30}}?[$£€]\s?\d|[$£€]\s?\d[\d,.]*\s+(?:\w+\s+)?(?:refund|overpayment|credit|charge|balance|copay|co-pay|deductible|bill|fee)\b|\bwe (?:refunded|credited|billed|charged|waived|wrote off) (?:the|your|you)\b|\b(?:reimbursements?|claims?|authori[sz]ations?|approvals?)\b[^.!?]{{0,40}}?\b(?:we're on it|we are on it|following up|chasing|in progress|being processed|still pending|pending)\b|\bthe gap was\b"),
                "gives billing or insurance details of the reviewer",
            ),
            rule(
                "reply::billing_detail",
                Addressed,
                r"(?:[$£€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:dollars|pounds|euros|rupees)\b)".to_string(),
                "names an amount the reviewer was charged or paid",
            ),
            // Appointment facts.
            rule(
                "reply::appointment_detail",
                Anywhere,
                format!(r"\b(?:no-?shows?|late[- ]cancell?ation|missed[- ](?:appointment|session|visit)\s+fee|you (?:missed|skipped|cancell?ed|rescheduled|no-?showed|didn't (?:show|come|arrive|make it))|(?:didn't|did not|failed to) (?:show|arrive|come in|make it|attend)|arriv(?:ed|ing|e)\s+(?:\w+\s+){{0,3}}?(?:late|after)|(?:minutes?|mins?|an hour|\d+ ?min)\s+late\b|checked in at|sorry (?:about|for) (?:this morning|yesterday|last night|earlier today|(?:on )?(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\b|\bthe (?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|morning|afternoon|evening|early|late|lunchtime|\d{{1,2}}(?::\d{{2}})?\s?(?:am|pm)?) (?:\w+ )?(?:fitting|appointment|session|visit|slot|consult|cleaning|class|group)\b|save (?:your|his|her) (?:chair|spot|seat|slot|place)|see you at \d|you were (?:running )?(?:a bit |a little |slightly |quite )?(?:behind|late)\b|started (?:\d+|twenty|thirty|fifteen|ten) minutes (?:late|behind)\b|the missed (?:session|appointment|visit)\b|check-?in (?:was|is) at \d|\b(?:after|following) (?:two|three|four|several|\d+) missed (?:appointments|visits|sessions)|you never (?:showed|came|arrived|turned)|\bthe \d{{1,2}}(?::\d{{2}})?\s?(?:am|pm|a\.m\.|p\.m\.)?\s?(?:slot|appointment|session)|waited (?:\d+|twenty|thirty|fifteen|ten) minutes for you|(?:release|gave|give|giving)\s+(?:your|the) (?:slot|appointment|spot)|{person}\s+(?:[\w'-]+\s+){{0,2}}?(?:appointment|visit|session|slot|booking|check-?in|cancell?ation|time slot|spot|consult(?:ation)?|intake|noon slot|morning slot|start date))\b|\bthe (?:[\w-]+ )?(?:appointment|visit|session|slot|consult(?:ation)?)\b[^.!?]{{0,40}}?\b(?:didn't|did not|wasn't|was not|was|ran|started|start|got)\b"),
                "states appointment facts about the reviewer",
            ),
            rule(
                "reply::appointment_detail",
                AddressedVisit,
                format!(r"\b(?:on|last|this|that|next)\s+{weekday}\b|\b{weekday}(?:'s)?\s+(?:morning|afternoon|evening|appointment|visit|session|group|class)\b|\b(?:yesterday|this morning|this afternoon|last night|last week|last month|the other day|earlier today|the day after \w+|over the weekend)\b|\b(?:on|in|since)\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b|\b{month}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}|\b(?:at|your|the|for)\s+\d{{1,2}}(?::\d{{2}})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b(?:at|your|the|for)\s+\d{{1,2}}:\d{{2}}\b|\b(?:in|last)\s+(?:{month})\b"),
                "names when the reviewer came in",
            ),
            // The relationship itself.
            rule(
                "reply::confirms_patient",
                Anywhere,
                format!(r"\bour (?:records|files|notes|system|chart) (?:show|shows|indicate|say|reflect)|\bwe (?:reviewed|checked|looked at|pulled|looked into|went through) (?:your|his|her)\b|\b{person}\s+(?:[\w'-]+\s+){{0,2}}?(?:chart|records?|file|history|results?|paperwork|forms?|referral|case|portal)\b|\bas (?:your|their|his|her) (?:{CLINICIANS}|practice|primary care|office|clinic|family's \w+)\b|\b(?:your|his|her)\s+(?:[\w'-]+\s+)?(?:{CLINICIANS})\b|\b(?:your|his|her) family's (?:{CLINICIANS}|practice|clinic)\b"),
                "confirms that the reviewer is (or was) a patient",
            ),
            rule(
                "reply::confirms_patient",
                AnywhereNotPolicy,
                r"\b(?:welcome back|glad to have you back|good to see you again|great to see you again|see you (?:again|back|next|at your|in (?:a|two|three|six|\d+) (?:weeks?|months?))|your next\b|see you (?:at|for) (?:the|your) next|having you (?:as|in|with|back)|(?:value|love|appreciate) (?:you|having you) as (?:a|our) (?:patient|client)|you as (?:a|our) (?:patient|client)|(?:long-?time|longtime|longest-standing|loyal|regular|favou?rite) (?:patients?|clients?|famil(?:y|ies))|one of our (?:patients|clients|favou?rite|regulars|longest)|(?:a|our|the|being (?:a|our)) (?:patient|client)s? (?:of ours|of our|here|with us)|being a patient|part of our (?:practice|family|clinic|program(?:me)?)|(?:care for|cared for|treated|seen|known|worked with)\s+(?:you|him|her|them)\s+(?:since|for|through|over)|\b(?:with us|coming to us|coming here|seeing us|been coming)\s+(?:for|since)\s+(?:\d+|many|several|a few|so many|over|more than|nearly|almost|ten|five|six|two|three|four)|(?:\d+|ten|twenty|five|six|two|three|four|many|several) (?:years?|months?) (?:with us|of (?:\w+ )?(?:sessions|visits|care|appointments)|together)|since you (?:started|first|began|joined)|the past (?:\w+ )?(?:years?|months?) of (?:working|care)|rememb(?:er|ers|ered) (?:you|your|him|her)|(?:speaking|talking|chatting) (?:with|to) (?:me|us|our \w+)\s+(?:on the phone|by phone|yesterday|today|earlier|last)|(?:on|in) our (?:waitlist|waiting list|wait list)|(?:on file|in our system) for you|tried (?:calling|to call|to reach|reaching|to ring|ringing) you|including you\b|(?:worked|working|been working) together for|yours (?:took|was|were|came|is|has|went|needed)\b|assigned to (?:you|your)|which is what happened (?:here|in this case|to you)|(?:we|i) (?:talked|spoke|chatted) about\b|(?:years?|months?) of seeing (?:you|your)|refer(?:red)? you (?:on|to|back)|bring (?:him|her|them|the kids|the children) (?:in|back)|(?:brought|bring|bringing) (?:your|him|her|them) (?:\w+ )?in\b|(?:the|this) (?:reviewer|patient|individual|client)(?:'s)?\s+(?:\w+\s+){0,2}?(?:was|were|has|had|symptoms|results?|care|treatment|visit|appointment|account|bill|chart|condition|discharged|seen|treated|attended)\b|^patient (?:was|is|has|had)\b|(?:looked into|reviewed|investigated|checked) (?:what happened|the (?:incident|matter|situation|notes|records|scheduling notes|footage|call|recording))|(?:getting to know|know|knowing) you (?:over|for|since)|continu(?:e|ing) to (?:support|care for|see|treat) you|long-?standing (?:member|patient|client)|member of our (?:\w+ )?family|patience (?:during|with|in) the|(?:privilege|pleasure|honou?r) to (?:care for|treat|look after|work with|see|meet|support) (?:you|your)|(?:lovely|nice|great|good|wonderful) to see (?:you|the whole|the \w+ (?:family|clan)|your)|tell (?-i:[A-Z][a-z]+|your \w+|the (?:kids|twins|children|little ones))\b|we'll (?:phone|call|ring|email|text|message|see) you\b|(?:sent|re-?sent|faxed|forwarded|emailed|posted) (?:the|your) (?:paperwork|forms?|records|referral|letter|results|notes|prescription|script)\b|(?:the )?(?:doctor|dr|physician|dentist|hygienist|orthodontist|oral surgeon|surgeon|nurse(?: practitioner)?|np|pa|physician assistant|therapist|physical therapist|physio|counsell?or|psychiatrist|psychologist|pharmacist|chiropractor|dermatologist|provider|clinician|optometrist|audiologist|podiatrist|midwife|dietitian|nutritionist|care team|specialist|coach)s? we (?:recommended|referred you to|suggested|sent you to)\b|(?:weeks?|days?|nights?|months?) (?:on|in) the (?:\w+ )?(?:unit|ward|icu|hospital)\b|our (?:time|sessions|work) together|i was (?:the|your) (?:doctor|dr|physician|dentist|hygienist|orthodontist|oral surgeon|surgeon|nurse(?: practitioner)?|np|pa|physician assistant|therapist|physical therapist|physio|counsell?or|psychiatrist|psychologist|pharmacist|chiropractor|dermatologist|provider|clinician|optometrist|audiologist|podiatrist|midwife|dietitian|nutritionist|care team|specialist|coach)\b|in the room that day|(?:working|work|worked) with (?:you|your \w+)|(?:a decade|decades?|years) of (?:looking after|caring for|treating|seeing) you|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|several|many|a few|so many|countless) (?:sessions|visits|appointments|weeks|months|years) in\b|next time (?:we'll|we will|you come|you're in|you visit|he comes|she comes)|(?:you|you've|you have) attended|when you attended|(?:been )?in (?:our|the) chair|you're (?:part of the family|one of the family|family to us)|condolences|loss of your|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|many|a few|so many|countless) (?:years?|months?) of (?:coming|visiting|seeing us|visits|appointments|care|treatment|sessions)|(?:said|says|mentioned|told us|tells us) (?:that )?you (?:were|are|did|had)|(?:still )?(?:talking|raving) about (?:you|how)|(?:always )?(?:a |such a )?pleasure to (?:see|have|meet|treat|work with) you|squeeze you in|fit you in|the reviewer (?:was|is|has|had|came|failed|missed|attended|did|received)|this (?:reviewer|patient) (?:was|is|has|had|came|failed|missed|attended|did|received)|you were (?:asked|told|advised|booked|scheduled|given)\b|(?:once |when |after )?you came (?:back )?in\b|came back in\b|(?:there|present) for (?:yours|your)\b|since (?:you|he|she|they) (?:started|began|joined|first came)|started with us|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|many|a few|so many|countless) (?:years?|months?|weeks?|sessions|visits|appointments|cleanings)\s+(?:of\s+(?:\w+\s+)?)?(?:with us|together|here)|which is why we (?:recommended|prescribed|suggested|referred|ordered|did|booked|sent)|(?:your|his|her) (?:son|daughter|child|kid|husband|wife|partner|mom|mum|dad|father|mother|baby) (?:is|has been|was) (?:feeling|doing|sleeping|eating|talking|walking|running|reading|smiling|using|saying|speaking|tolerating|responding|coping|managing|progressing)|\b(?:experience|stay|time|care)\s+(?:on|in|at) (?:the|our)\s+(?:[\w-]+\s+)?(?:ward|unit|icu|department|floor)\b|congratulations? (?:again )?(?:on|to you)\b|you were (?:seen|treated|admitted|discharged|diagnosed|prescribed|examined|referred|here|in)\b|(?:seeing|see) you again|your (?:new )?(?:dental|medical|health) home|you(?:'ve| have) been (?:coming|seeing us|with us|a patient|our patient)|been with us (?:since|for)|sticking with us|(?:talks|asks|speaks) about you|\b(?:that|this particular) (?:visit|appointment|session)\b|(?:letter|notice|email|message|text|statement|reminder)s?\s+(?:that\s+)?(?:was|were|we)\s+(?:mailed|sent|emailed|texted|posted|left)\s+(?:to\s+)?you\b|\bmeet (?:weekly|every week|each week|fortnightly)\b|see you (?:on )?(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b|see you (?:tomorrow|tonight|then)\b|(?:showed up|came in|were here|came)\s+(?:every|each)\s+(?:single\s+)?(?:week|month|time|session)|miss(?:es|ed)? (?:you|having you)|(?:says|said) hello|we (?:saw|treated|examined|discharged|referred|admitted|called|phoned|emailed|texted|messaged|spoke with|spoke to|sent) you\b|(?:referred|sent|discharged|admitted) you\b|\bwe (?:referred|sent) (?:your|you)|when you (?:called|phoned|rang|emailed|messaged|wrote to us|texted|came in|were (?:here|in|seen|treated|admitted)|visited|saw (?:dr|doctor))|you (?:called|phoned|rang|emailed|messaged|texted) (?:us|our|the)|as (?:we|i) (?:discussed|mentioned|explained|said|talked about)|as discussed|we spoke\b|(?:on|over) the phone (?:with you|you)|left you a (?:message|voicemail)|returned your (?:call|message)|your (?:call|voicemail|message) (?:about|from|on|last)|thank(?:s| you) for (?:coming in|visiting us|bringing (?:your|him|her|them|the kids|the twins|\w+ in)|trusting us with|choosing us for your|letting us (?:care|treat|help)|your patience (?:in|during) the chair|being (?:a|our) patient)|(?:coming|came) in (?:to|for) (?:have|get|see)|(?:glad|happy|pleased|lovely|nice|good|great) (?:to|we could) (?:see|meet|help|treat|care for) you (?:on|last|this|yesterday|today|again|back)|your (?:first|last|recent|previous) (?:\w+ )?(?:visit|appointment|session|time)|(?:the|your) (?:intake|waitlist|waiting list))\b".to_string(),
                "confirms that the reviewer is (or was) a patient",
            ),
            rule(
                "reply::confirms_patient",
                Addressed,
                r"\bsince (?:19|20)\d\d\b".to_string(),
                "says how long the reviewer has come to the practice",
            ),
            // A policy applied to the reviewer is still about the reviewer.
            rule(
                "reply::confirms_patient",
                Anywhere,
                r"\b(?:including you|which is what happened (?:here|in this case|to you)|in your case|as (?:it did |happened )?in your case|applied to you)\b".to_string(),
                "applies a policy to the reviewer",
            ),
            // A named clinician together with the reviewer.
            rule(
                "reply::confirms_patient",
                Addressed,
                format!(r"\b(?:dr\.?|doctor|nurse|np|pa)\s+[a-z]+\b[^.!?]{{0,60}}?\b(?:you|your)\b|\b(?:you|your)\b[^.!?]{{0,60}}?\b(?:dr\.?|doctor|nurse(?: practitioner)?)\s+(?-i:[A-Z])[a-z]+|\b(?:who|that) (?:saw|treated|took care of|looked after|helped|examined) you\b|\btook (?:such )?(?:good |great )?care of you\b|\b(?:pass|share|give) (?:your|the) (?:\w+ )?(?:words|thanks|feedback|note|message|review) (?:on )?to (?:dr\.?\s+\w+|(?:your|the) (?:{CLINICIANS})|(?-i:[A-Z])[a-z]+)"),
                "names who treated the reviewer",
            ),
        ];
        ReplyLinter {
            rules,
            addressed: rx(r"\b(?:you|your|yours|yourself|you're|you've|you'd|you'll|ur|u|please|sorry|don't lose heart|hang in there|keep going|keep it up|keep up the|stick with it|nearly there|almost there)\b"),
            greeting: Regex::new(r"^(?:(?i:hi|hello|dear|hey|thanks|thank you|sorry|congrats|congratulations|g'day)[,!]?\s+)?(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?(?P<a>[A-Z][a-z]+)[,!.]\s|^(?i:hi|hello|dear|hey)\s+(?P<b>[A-Z][a-z]+)|,\s+(?:(?:mr|mrs|ms|miss)\.?\s+)?(?P<c>[A-Z][a-z]+)[.!](?:\s|$)|\b(?i:sorry|thanks|thank you|congrats|congratulations|well done|good luck|go)\s+(?P<d>[A-Z][a-z]+)\b|\b(?i:sorry|glad|happy|sad|proud|thrilled|delighted)\s+(?P<e>[A-Z][a-z]+)\s+(?i:was|is|had|has|did|felt|feels|enjoyed|loved)\b|^(?i:dear)\s+(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?(?P<f>[A-Z][a-z]+)").expect("built-in greeting pattern compiles"),
            visit: rx(r"\b(?:visit\w*|appointments?|sessions?|came|come in|coming in|seen|saw|see you|arriv\w+|waited|wait(?:ing)?|called|phoned|spoke|rang|booked|check(?:ed)?-?in|procedure|consult\w*|slot|exam|cleaning|treatment|scan|surgery|here|in the office|clinic|attended|happened|with us|front desk|reception|you were|you had|results?|call\w*|calls?|ring|rang|rung|voicemail|message|reach\w*|returned|talk\w*|speak\w*|spoke|e-?mail\w*|having you|experience|in yesterday|schedules?|slots?|case for you|delays?|behind|running late|overran|ran over)\b"),
            policy: rx(r"\b(?:neither confirm|cannot confirm|can't confirm|confirm or deny|(?:can't|cannot|can not|unable to|not able to|never|won't|will not|do not|don't|not allowed to|not permitted to)\s+(?:\w+\s+){0,2}?(?:discuss|share|comment|confirm|deny|disclose|talk about|respond|reply|go into|address|post)|prevent\w*|prohibit\w*|(?:our|office|practice|clinic|privacy|general|a|this) polic(?:y|ies)|policy (?:is|of|to)|privacy|hipaa|confidential\w*|anyone'?s?|any (?:patient|individual|person)'?s?|in general|everyone|everybody|all of you|folks|check(?:ing)? with|verify with)\b"),
            phi: PhiScanner::new(),
        }
    }

    /// Whether a sentence speaks to the reviewer ("you", "your", their name), not
    /// counting "thank you".
    fn addresses_reviewer(&self, sentence: &str) -> bool {
        let lower = sentence.to_lowercase();
        // "Thank you for your review" speaks to anyone; "thank you for taking our last
        // slot" speaks of something the reviewer did.
        const FOR_ANYONE: &[&str] = &[
            "your",
            "the",
            "taking the time",
            "taking time",
            "sharing",
            "leaving",
            "writing",
            "letting us know",
            "reaching out",
            "posting",
            "this",
            "these",
            "that",
            "such",
            "raising",
            "bringing this",
            "telling us",
            "feedback",
            "kind",
            "stars",
            "rating",
            "review",
            "being",
            "choosing",
            "contacting",
            "the kind",
        ];
        for phrase in ["thank you for ", "thanks for ", "thank you so much for "] {
            if let Some(at) = lower.find(phrase) {
                let rest = &lower[at + phrase.len()..];
                if !FOR_ANYONE.iter().any(|w| rest.starts_with(w)) {
                    return true;
                }
            }
        }
        let plain = lower.replace("thank you", "").replace("thanking you", "");
        self.addressed.is_match(&plain)
    }

    /// Whether the reply greets or names the reviewer ("Hi Dana,", "Sorry, Tom!").
    fn names_reviewer(&self, line: &str) -> bool {
        const NOT_NAMES: &[&str] = &[
            "Dr",
            "Founder",
            "Manager",
            "Director",
            "Office",
            "Staff",
            "Owner",
            "Doctor",
            "Ha",
            "Haha",
            "Wow",
            "Oh",
            "Oops",
            "Aww",
            "Awww",
            "Yay",
            "Hmm",
            "Well",
            "Ok",
            "Okay",
            "So",
            "Mate",
            "Congratulations",
            "Congrats",
            "Welcome",
            "Noted",
            "Absolutely",
            "Thanks",
            "Thank",
            "Again",
            "Today",
            "Everyone",
            "Team",
            "Friend",
            "Folks",
            "All",
            "There",
            "Sir",
            "Madam",
            "Regards",
            "Best",
            "Cheers",
            "Sincerely",
            "Warmly",
            "Yes",
            "No",
            "Please",
            "Sorry",
            "Hello",
            "Hi",
            "Hey",
            "Dear",
            "We",
            "Our",
            "The",
            "You",
        ];
        self.greeting.captures_iter(line).any(|c| {
            ["a", "b", "c", "d", "e", "f"]
                .iter()
                .filter_map(|g| c.name(g))
                .any(|n| !NOT_NAMES.contains(&n.as_str()))
        })
    }

    /// Every problem in `text`, each with line and column; `file` is what diagnostics name.
    pub fn lint(&self, text: &str, file: &Path, allow: &Allowances) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let mut reported: Vec<std::ops::Range<usize>> = Vec::new();
            let named = self.names_reviewer(line);
            for (start, sentence) in sentences(line) {
                let addressed = named || self.addresses_reviewer(sentence);
                let policy = self.policy.is_match(sentence);
                for rule in &self.rules {
                    let applies = match rule.scope {
                        Scope::Anywhere => true,
                        Scope::Addressed => addressed,
                        Scope::AddressedVisit => addressed && self.visit.is_match(sentence),
                        Scope::AddressedNotPolicy => addressed && !policy,
                        Scope::NamedNotPolicy => named && !policy,
                        Scope::AnywhereNotPolicy => !policy,
                    };
                    if !applies {
                        continue;
                    }
                    for m in rule
                        .pattern
                        .find_iter(sentence)
                        .filter(|m| (rule.keep)(m.as_str()))
                    {
                        let range = start + m.start()..start + m.end();
                        if reported
                            .iter()
                            .any(|r| r.start < range.end && range.start < r.end)
                        {
                            continue;
                        }
                        reported.push(range.clone());
                        out.push(
                            Diagnostic::error(
                                rule.code,
                                format!("\"{}\" {}", m.as_str(), rule.message),
                            )
                            .in_file(file)
                            .at(i + 1, line[..range.start].chars().count() + 1)
                            .with_help(help(rule.code)),
                        );
                    }
                }
            }
        }
        for f in self.phi.scan(text, allow, &[]) {
            out.push(
                Diagnostic::error(
                    f.kind.code(),
                    format!("{} (`{}`) in a public reply", f.kind.describe(), f.text),
                )
                .in_file(file)
                .at(f.line + 1, f.column)
                .with_help(
                    "remove every identifier; invite the reviewer to contact the office instead",
                ),
            );
        }
        crate::diagnostics::sort(&mut out);
        out
    }
}

fn help(code: &str) -> &'static str {
    match code {
        "reply::confirms_patient" => {
            "do not confirm or deny that the reviewer is a patient: no visits, calls, clinicians or history; speak about the practice in general terms"
        }
        "reply::billing_detail" => {
            "say only how billing questions are handled in general, and invite the reviewer to call the office"
        }
        "reply::appointment_detail" => {
            "leave out when they came, waited, arrived or missed a visit; describe your scheduling policy in general terms instead"
        }
        _ => {
            "never mention conditions, treatments, medications, results or progress in a public reply, even ones the reviewer mentioned"
        }
    }
}

/// The sentences of a line with their byte offsets (split after `.`, `!`, `?` and
/// a space; "Dr." and initials do not end a sentence).
fn sentences(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| *n == b' ') {
            let word = line[start..i]
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if matches!(
                word.as_str(),
                "dr" | "mr" | "mrs" | "ms" | "st" | "no" | "vs" | "e.g" | "i.e" | "a.m" | "p.m"
            ) || word.len() == 1
            {
                continue;
            }
            out.push((start, &line[start..=i]));
            start = i + 1;
        }
    }
    if start < line.len() {
        out.push((start, &line[start..]));
    }
    out
}

/// The safe pattern, with the practice's own phone number when there is one.
pub fn safe_pattern(practice: &str, phone: Option<&str>) -> String {
    let contact = match phone {
        Some(p) => format!("call our office at {p}"),
        None => "contact our office directly".to_string(),
    };
    format!(
        "A safe reply thanks the reviewer, does not confirm or deny that they are a patient, gives no details about anyone's care, and invites them to talk offline. For example:\n\n  \"Thank you for taking the time to share your feedback. We take every comment seriously, and privacy laws prevent us from discussing anyone's care online. We would welcome the chance to talk with you directly; please {contact}. — {practice}\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        ReplyLinter::new()
            .lint(text, Path::new("-"), &Allowances::default())
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn flags_what_a_reply_discloses() {
        for (reply, code) in [
            ("We reviewed your chart.", "reply::confirms_patient"),
            ("Sorry your root canal hurt.", "reply::health_detail"),
            (
                "We're sorry the metformin refill was late.",
                "reply::health_detail",
            ),
            (
                "Your Delta Dental plan didn't cover the cleaning.",
                "reply::billing_detail",
            ),
            (
                "Because you arrived 25 minutes late, we could not see you.",
                "reply::appointment_detail",
            ),
            (
                "Thank you for coming in last Friday!",
                "reply::confirms_patient",
            ),
            (
                "Thank you for coming in last Friday!",
                "reply::appointment_detail",
            ),
            (
                "After 6 years with us, you deserve better.",
                "reply::confirms_patient",
            ),
            ("So sorry Noah's brace broke again!", "reply::health_detail"),
            (
                "Amazing work!! 22kg down is no small feat.",
                "reply::health_detail",
            ),
            ("Call Dr. Lee at 312-555-0187.", "phi::phone"),
        ] {
            assert!(codes(reply).contains(&code), "{reply}: {:?}", codes(reply));
        }
    }

    #[test]
    fn general_statements_and_the_safe_pattern_pass() {
        for safe in [
            "Thank you for your feedback. We take all feedback seriously; please call our office.",
            "We can't discuss anyone's visit online, but we take concerns about delays seriously.",
            "We accept most major insurance plans and always recommend checking benefits before any procedure.",
            "Thanks for the five stars! Our hygienists love working with kids, and it shows.",
            "Our appointment line is open weekdays from 8 a.m. to 6 p.m. for anyone who needs us.",
            "Privacy law prevents us from responding to details here. We encourage anyone with a concern about treatment to contact our office directly.",
        ] {
            assert_eq!(codes(safe), Vec::<&str>::new(), "{safe}");
        }
        assert!(
            codes(&safe_pattern("Lakeside", Some("+1 555 0100")))
                .iter()
                .all(|c| c.starts_with("phi::"))
        );
    }

    #[test]
    fn sentences_do_not_end_at_titles() {
        let s = sentences("Dr. Lee saw you. Thanks!");
        assert_eq!(
            s.iter().map(|(_, t)| *t).collect::<Vec<_>>(),
            ["Dr. Lee saw you.", " Thanks!"]
        );
    }
}
