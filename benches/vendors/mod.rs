//! A seeded generator of realistic vendor files, shared by the `screen` benchmark and the
//! `genvendors` example.
//!
//! Rows are companies and sole traders from many countries (some in Cyrillic), a share of
//! repeat vendors (the same supplier on many invoices), and a known share of names planted from
//! the loaded lists in varied spellings: case, word order, punctuation, legal suffixes and
//! typos. The same seed and planted names give the same file, byte for byte.

use std::io::{self, Write};

/// A small, fast, seedable generator (SplitMix64); no dependency needed, and its sequence never
/// changes between versions, so files stay reproducible.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The words of one country's business names.
struct Country {
    code: &'static str,
    cities: &'static [&'static str],
    surnames: &'static [&'static str],
    given: &'static [&'static str],
    words: &'static [&'static str],
    trades: &'static [&'static str],
    forms: &'static [&'static str],
    /// Whether the legal form goes before the name (ООО «Вектор»).
    form_first: bool,
}

const COUNTRIES: &[Country] = &[
    Country {
        code: "DE",
        cities: &["Berlin", "Hamburg", "München", "Köln", "Stuttgart"],
        surnames: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Hoffmann",
            "Schulz",
        ],
        given: &["Hans", "Jürgen", "Anna", "Katrin", "Stefan", "Lukas"],
        words: &["Nordstern", "Rheinland", "Alpen", "Hanse", "Elbe"],
        trades: &[
            "Maschinenbau",
            "Logistik",
            "Elektrotechnik",
            "Bau",
            "Handel",
            "Metallbau",
        ],
        forms: &["GmbH", "AG", "KG", "GmbH & Co. KG", "e.K."],
        form_first: false,
    },
    Country {
        code: "FR",
        cities: &["Paris", "Lyon", "Marseille", "Toulouse", "Lille"],
        surnames: &[
            "Dupont", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garnier", "Rousseau",
        ],
        given: &["Jean", "Marie", "Pierre", "Camille", "Élodie", "François"],
        words: &["Atlantique", "Provence", "Lumière", "Horizon"],
        trades: &[
            "Industries",
            "Transports",
            "Services",
            "Distribution",
            "Boulangerie",
            "Électricité",
        ],
        forms: &["SARL", "SA", "SAS", "EURL"],
        form_first: false,
    },
    Country {
        code: "IT",
        cities: &["Milano", "Roma", "Torino", "Napoli", "Bologna"],
        surnames: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
        ],
        given: &["Giuseppe", "Marco", "Giulia", "Francesca", "Luca"],
        words: &["Adriatica", "Italia", "Mediterranea", "Alpina"],
        trades: &[
            "Costruzioni",
            "Trasporti",
            "Meccanica",
            "Alimentari",
            "Impianti",
        ],
        forms: &["S.p.A.", "S.r.l.", "S.n.c."],
        form_first: false,
    },
    Country {
        code: "ES",
        cities: &["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"],
        surnames: &[
            "García",
            "Fernández",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
        ],
        given: &["José", "María", "Carmen", "Javier", "Lucía"],
        words: &["Ibérica", "Levante", "Cantábrico", "Sol"],
        trades: &[
            "Construcciones",
            "Distribuciones",
            "Servicios",
            "Transportes",
            "Alimentación",
        ],
        forms: &["S.A.", "S.L.", "S.L.U."],
        form_first: false,
    },
    Country {
        code: "MX",
        cities: &["Ciudad de México", "Monterrey", "Guadalajara", "Puebla"],
        surnames: &["Hernández", "González", "Rodríguez", "Ramírez", "Flores"],
        given: &["Juan", "Guadalupe", "Alejandro", "Sofía"],
        words: &["Azteca", "del Norte", "Pacífico", "Maya"],
        trades: &["Comercializadora", "Constructora", "Transportes", "Aceros"],
        forms: &["S.A. de C.V.", "S. de R.L. de C.V."],
        form_first: false,
    },
    Country {
        code: "GB",
        cities: &["London", "Manchester", "Leeds", "Glasgow", "Bristol"],
        surnames: &[
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Clarke",
        ],
        given: &["James", "Oliver", "Emily", "Charlotte", "George", "Harry"],
        words: &["Albion", "Thames", "Pennine", "Crown", "Summit", "Harbour"],
        trades: &[
            "Logistics",
            "Engineering",
            "Consulting",
            "Supplies",
            "Holdings",
            "Builders",
        ],
        forms: &["Ltd", "Limited", "PLC", "LLP"],
        form_first: false,
    },
    Country {
        code: "US",
        cities: &[
            "New York", "Chicago", "Houston", "Phoenix", "Seattle", "Atlanta",
        ],
        surnames: &[
            "Johnson", "Miller", "Davis", "Anderson", "Thompson", "Moore", "Jackson",
        ],
        given: &[
            "Michael", "Jennifer", "David", "Ashley", "Robert", "Jessica",
        ],
        words: &[
            "Pacific", "Atlantic", "Pioneer", "Liberty", "Eagle", "Frontier", "Global", "Advanced",
        ],
        trades: &[
            "Systems",
            "Solutions",
            "Technologies",
            "Industries",
            "Services",
            "Partners",
            "Manufacturing",
        ],
        forms: &["Inc.", "LLC", "Corp.", "Co.", "L.P."],
        form_first: false,
    },
    Country {
        code: "RU",
        cities: &[
            "Москва",
            "Санкт-Петербург",
            "Новосибирск",
            "Екатеринбург",
            "Казань",
        ],
        surnames: &[
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Васильев",
            "Соколов",
            "Морозов",
        ],
        given: &[
            "Александр",
            "Сергей",
            "Елена",
            "Ольга",
            "Дмитрий",
            "Наталья",
        ],
        words: &[
            "Ромашка",
            "Вектор",
            "Гранит",
            "Альфа",
            "Сибирь",
            "Восток",
            "Меридиан",
        ],
        trades: &[
            "Техносервис",
            "Стройинвест",
            "Промсервис",
            "Логистик",
            "Энергомаш",
            "Агро",
        ],
        forms: &["ООО", "АО", "ПАО", "ЗАО", "ИП"],
        form_first: true,
    },
    Country {
        code: "RU",
        cities: &["Moscow", "St. Petersburg", "Kazan", "Samara"],
        surnames: &[
            "Ivanov",
            "Smirnov",
            "Kuznetsov",
            "Popov",
            "Volkov",
            "Sokolov",
        ],
        given: &["Aleksandr", "Sergei", "Elena", "Olga", "Dmitry", "Natalia"],
        words: &["Vektor", "Granit", "Sibir", "Vostok", "Meridian"],
        trades: &[
            "Tekhnoservis",
            "Stroyinvest",
            "Promservis",
            "Energomash",
            "Logistik",
        ],
        forms: &["OOO", "AO", "PAO", "LLC", "JSC"],
        form_first: true,
    },
    Country {
        code: "UA",
        cities: &["Київ", "Харків", "Одеса", "Дніпро", "Львів"],
        surnames: &["Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Мельник"],
        given: &["Олександр", "Іван", "Оксана", "Наталія", "Андрій"],
        words: &["Дніпро", "Карпати", "Поділля", "Слобода"],
        trades: &["Агроінвест", "Будмаш", "Металпром", "Транс"],
        forms: &["ТОВ", "ПП", "ПрАТ", "ФОП"],
        form_first: true,
    },
    Country {
        code: "CN",
        cities: &[
            "Shenzhen",
            "Shanghai",
            "Guangzhou",
            "Ningbo",
            "Hangzhou",
            "Beijing",
        ],
        surnames: &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao"],
        given: &["Wei", "Fang", "Min", "Jing", "Lei", "Yong"],
        words: &[
            "Huaxin", "Jinlong", "Tianyu", "Hengtong", "Xinhua", "Dongfang", "Zhongke",
        ],
        trades: &[
            "Electronics",
            "Trading",
            "Technology",
            "Industrial",
            "Import and Export",
            "Precision Machinery",
        ],
        forms: &["Co., Ltd.", "Limited", "Group Co., Ltd."],
        form_first: false,
    },
    Country {
        code: "JP",
        cities: &["Tokyo", "Osaka", "Nagoya", "Yokohama"],
        surnames: &["Yamada", "Suzuki", "Tanaka", "Sato", "Watanabe", "Ito"],
        given: &["Hiroshi", "Yuki", "Takeshi", "Akiko", "Kenji"],
        words: &["Nippon", "Fuji", "Sakura", "Asahi"],
        trades: &["Shoji", "Seisakusho", "Kogyo", "Denki", "Trading"],
        forms: &["K.K.", "Co., Ltd.", "Corporation"],
        form_first: false,
    },
    Country {
        code: "TR",
        cities: &["İstanbul", "Ankara", "İzmir", "Bursa"],
        surnames: &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın",
        ],
        given: &["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre"],
        words: &["Anadolu", "Marmara", "Ege", "Boğaziçi"],
        trades: &["İnşaat", "Tekstil", "Gıda", "Lojistik", "Makina"],
        forms: &["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş."],
        form_first: false,
    },
    Country {
        code: "AE",
        cities: &["Dubai", "Abu Dhabi", "Sharjah"],
        surnames: &[
            "Al Noor",
            "Al Fajr",
            "Al Majid",
            "Al Hashimi",
            "Al Mansouri",
        ],
        given: &["Mohammed", "Ahmed", "Fatima", "Omar", "Khalid"],
        words: &["Gulf", "Emirates", "Desert Rose", "Falcon", "Oasis"],
        trades: &[
            "General Trading",
            "Contracting",
            "Shipping",
            "Building Materials",
            "Marine Services",
        ],
        forms: &["LLC", "FZE", "FZCO", "DMCC"],
        form_first: false,
    },
    Country {
        code: "IN",
        cities: &["Mumbai", "Delhi", "Bengaluru", "Chennai", "Pune"],
        surnames: &[
            "Sharma", "Patel", "Reddy", "Gupta", "Agarwal", "Iyer", "Singh",
        ],
        given: &["Rahul", "Priya", "Amit", "Sunita", "Vikram"],
        words: &["Bharat", "Shree", "Ganesh", "Sagar", "Surya"],
        trades: &[
            "Enterprises",
            "Industries",
            "Exports",
            "Textiles",
            "Pharma",
            "Infotech",
        ],
        forms: &["Pvt. Ltd.", "Private Limited", "Ltd.", "LLP"],
        form_first: false,
    },
    Country {
        code: "SE",
        cities: &["Stockholm", "Göteborg", "Malmö", "Uppsala"],
        surnames: &["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson"],
        given: &["Erik", "Lars", "Karin", "Ingrid", "Anders"],
        words: &["Norrland", "Skog", "Fjäll", "Vind"],
        trades: &["Trä", "Bygg", "Data", "Shipping", "Verkstad"],
        forms: &["AB", "HB"],
        form_first: false,
    },
    Country {
        code: "PL",
        cities: &["Warszawa", "Kraków", "Gdańsk", "Wrocław", "Poznań"],
        surnames: &["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński"],
        given: &["Piotr", "Anna", "Krzysztof", "Agnieszka", "Tomasz"],
        words: &["Polonia", "Wisła", "Bałtyk", "Mazowsze"],
        trades: &["Budownictwo", "Transport", "Handel", "Usługi", "Przemysł"],
        forms: &["Sp. z o.o.", "S.A.", "Sp.k."],
        form_first: false,
    },
    Country {
        code: "BR",
        cities: &["São Paulo", "Rio de Janeiro", "Curitiba", "Recife"],
        surnames: &["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa"],
        given: &["João", "Ana", "Carlos", "Juliana", "Paulo"],
        words: &["Brasil", "Amazônia", "Atlântico", "Cruzeiro"],
        trades: &[
            "Comércio",
            "Engenharia",
            "Transportes",
            "Alimentos",
            "Agropecuária",
        ],
        forms: &["Ltda.", "S.A.", "EIRELI", "ME"],
        form_first: false,
    },
];

/// Syllables of invented brand and family names, so that most generated names are distinct, as
/// in a real vendor master file.
const LATIN_SYLLABLES: &[&str] = &[
    "ka", "ro", "ven", "tal", "mi", "sen", "dor", "ber", "lin", "ga", "tro", "nex", "vi", "sol",
    "mar", "den", "qu", "ast", "el", "ori", "pan", "zen", "hol", "ter",
];
const CYRILLIC_SYLLABLES: &[&str] = &[
    "ка", "ро", "вен", "тал", "ми", "сен", "дор", "бер", "лин", "га", "тро", "вит", "со", "мар",
    "ден", "ста", "ель", "ор", "пан", "хол", "тер", "ко",
];

/// An invented word of two to four syllables, capitalised.
fn invented(rng: &mut Rng, cyrillic: bool) -> String {
    let table = if cyrillic {
        CYRILLIC_SYLLABLES
    } else {
        LATIN_SYLLABLES
    };
    let n = 2 + rng.below(3);
    let word: String = (0..n).map(|_| rng.pick(table)).collect();
    title_case(&word)
}

/// Street-level legal suffixes used to vary planted names.
const SUFFIXES: &[&str] = &["LLC", "Ltd", "JSC", "Inc.", "GmbH", "Co., Ltd.", "LTD."];

/// How a generated file is made.
pub struct Spec {
    /// Data rows.
    pub rows: usize,
    /// Seed of the generator.
    pub seed: u64,
    /// Share of rows that carry a planted list name, in [0, 1].
    pub planted_share: f64,
    /// Share of rows that repeat a recent vendor.
    pub repeat_share: f64,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            rows: 10_000,
            seed: 42,
            planted_share: 0.02,
            repeat_share: 0.2,
        }
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Data rows.
    pub rows: usize,
    /// Rows carrying a planted list name.
    pub planted: usize,
}

/// Writes a vendor CSV (`vendor_id,vendor_name,country,city,amount`) of `spec.rows` rows,
/// planting names from `planted` (list names, primary or alias) in varied spellings.
pub fn write_vendors<W: Write>(w: W, spec: &Spec, planted: &[String]) -> io::Result<Written> {
    let mut w = csv::Writer::from_writer(w);
    let mut rng = Rng::new(spec.seed);
    let mut recent: Vec<(String, &'static str, &'static str)> = Vec::new();
    let mut written = Written::default();
    w.write_record(["vendor_id", "vendor_name", "country", "city", "amount"])?;
    let mut id = String::new();
    let mut amount = String::new();
    for i in 0..spec.rows {
        let (name, country, city) = if !planted.is_empty() && rng.chance(spec.planted_share) {
            written.planted += 1;
            let c = &COUNTRIES[rng.below(COUNTRIES.len())];
            let original = &planted[rng.below(planted.len())];
            (vary(&mut rng, original), c.code, rng.pick(c.cities))
        } else if !recent.is_empty() && rng.chance(spec.repeat_share) {
            recent[rng.below(recent.len())].clone()
        } else {
            let c = &COUNTRIES[rng.below(COUNTRIES.len())];
            let v = (business_name(&mut rng, c), c.code, rng.pick(c.cities));
            if recent.len() < 5_000 {
                recent.push(v.clone());
            } else {
                let k = rng.below(recent.len());
                recent[k] = v.clone();
            }
            v
        };
        id.clear();
        use std::fmt::Write as _;
        write!(id, "V{:07}", i + 1).expect("String");
        amount.clear();
        write!(amount, "{}.{:02}", rng.below(100_000), rng.below(100)).expect("String");
        w.write_record([id.as_str(), &name, country, city, amount.as_str()])?;
        written.rows += 1;
    }
    w.flush()?;
    Ok(written)
}

/// A business name in the style of country `c`: a company or a sole trader.
fn business_name(rng: &mut Rng, c: &Country) -> String {
    let form = rng.pick(c.forms);
    let cyrillic = c.surnames[0]
        .chars()
        .any(|ch| ('\u{400}'..='\u{4FF}').contains(&ch));
    // Half the family and brand words are invented, which makes most names distinct.
    let surname = |rng: &mut Rng| {
        if rng.chance(0.5) {
            invented(rng, cyrillic)
        } else {
            rng.pick(c.surnames).to_string()
        }
    };
    let word = |rng: &mut Rng| {
        if rng.chance(0.5) {
            invented(rng, cyrillic)
        } else {
            rng.pick(c.words).to_string()
        }
    };
    let core = match rng.below(6) {
        0 => format!("{} {}", rng.pick(c.given), surname(rng)),
        1 => format!("{} {}", surname(rng), rng.pick(c.trades)),
        2 => format!("{} {}", word(rng), rng.pick(c.trades)),
        3 => format!("{} & {}", surname(rng), surname(rng)),
        4 => format!(
            "{} {} {}",
            word(rng),
            rng.pick(c.cities),
            rng.pick(c.trades)
        ),
        _ => word(rng),
    };
    if rng.chance(0.15) {
        // Sole traders often have no legal form at all.
        core
    } else if c.form_first {
        if rng.chance(0.5) {
            format!("{form} «{core}»")
        } else {
            format!("{form} \"{core}\"")
        }
    } else {
        format!("{core} {form}")
    }
}

/// A spelling of a list name as a vendor master file might have it.
fn vary(rng: &mut Rng, name: &str) -> String {
    let mut s = name.to_string();
    // "LAST, First Middle" as people write it: "First Middle Last".
    if rng.chance(0.5) {
        if let Some((last, first)) = s.split_once(", ") {
            s = format!("{first} {last}");
        }
    }
    match rng.below(4) {
        0 => s = s.to_lowercase(),
        1 => s = title_case(&s),
        2 => s = s.to_uppercase(),
        _ => {}
    }
    if rng.chance(0.3) {
        s.retain(|c| !matches!(c, '.' | ',' | '"' | '\''));
    }
    if rng.chance(0.2) {
        s = format!("{s} {}", rng.pick(SUFFIXES));
    }
    if rng.chance(0.2) {
        s = typo(rng, &s);
    }
    if rng.chance(0.1) {
        s = s.replace(' ', "  ");
    }
    s
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Swaps two neighbouring letters, drops one or doubles one.
fn typo(rng: &mut Rng, s: &str) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    if cs.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(cs.len() - 2);
    match rng.below(3) {
        0 => cs.swap(i, i + 1),
        1 => {
            cs.remove(i);
        }
        _ => cs.insert(i, cs[i]),
    }
    cs.into_iter().collect()
}

/// The names to plant: every primary name and alias of the people and organisations of
/// `lists` (vendor files hold no ships or aircraft), in load order.
pub fn list_names(lists: &vetter::Lists) -> Vec<String> {
    use vetter::EntityKind::{Aircraft, Vessel};
    lists
        .entities()
        .filter(|e| !matches!(e.kind, Vessel | Aircraft))
        .flat_map(|e| e.names().map(|(n, _)| n.to_string()))
        .collect()
}
