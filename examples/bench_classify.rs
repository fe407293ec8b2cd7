//! Times `Lexicon::classify_scores` over a few hundred short multilingual
//! search queries and prints queries per second and nanoseconds per query.
//!
//! Run with `cargo run --release --example bench_classify`.

use std::hint::black_box;
use std::time::Instant;

use micromoment::lexicon::Lexicon;

/// `(language hint, query)` pairs: short, search-box style.
const QUERIES: &[(&str, &str)] = &[
    ("en", "pizza near me"),
    ("en", "iphone 15 pro price"),
    ("en", "how to tie a tie"),
    ("en", "what is gore-tex"),
    ("en", "cheap flights to rome"),
    ("en", "ikea opening hours sunday"),
    ("en", "banana bread recipe easy"),
    ("en", "weather tomorrow london"),
    ("en", "buy running shoes men"),
    ("en", "directions to jfk airport"),
    ("en", "fix leaking kitchen tap"),
    ("en", "who invented the telephone"),
    ("en", "hotel deals paris weekend"),
    ("en", "nearest pharmacy open now"),
    ("en", "install windows 11 usb"),
    ("en", "iphone 15 vs pixel 8 review"),
    ("en", "car rental berlin airport"),
    ("en", "how do i jump start my car"),
    ("en", "best sushi restaurant downtown"),
    ("en", "meaning of serendipity"),
    ("en", "order flowers online delivery"),
    ("en", "nike air max 90 sale"),
    ("en", "change oil honda civic"),
    ("en", "coffee shop close to me"),
    ("da", "pizza i nærheden"),
    ("da", "køb cykel billigt"),
    ("da", "hvordan laver man risalamande"),
    ("da", "hvad er vejret i morgen"),
    ("da", "åbningstider netto søndag"),
    ("da", "pris på iphone 15"),
    ("da", "opskrift på boller"),
    ("da", "rutevejledning til lufthavnen"),
    ("nb", "kjøpe sykkel på nett"),
    ("nb", "hvordan bytte dekk"),
    ("nb", "været i oslo i morgen"),
    ("nb", "åpningstider rema 1000"),
    ("nb", "billig hotell bergen"),
    ("nb", "nærmeste apotek"),
    ("nn", "kva er vêret i morgon"),
    ("nn", "korleis lage brød"),
    ("nn", "kjøpa billett til bergen"),
    ("sv", "köpa cykel billigt"),
    ("sv", "hur gör man kanelbullar"),
    ("sv", "vädret i stockholm imorgon"),
    ("sv", "öppettider ica maxi"),
    ("sv", "närmaste apotek"),
    ("sv", "vad är en hypotek"),
    ("de", "pizza in der nähe"),
    ("de", "fahrrad kaufen günstig"),
    ("de", "wie wird das wetter morgen"),
    ("de", "öffnungszeiten aldi sonntag"),
    ("de", "rezept für apfelkuchen"),
    ("de", "was ist ein hypothek"),
    ("de", "hotel buchen berlin"),
    ("de", "anleitung reifenwechsel"),
    ("nl", "fiets kopen goedkoop"),
    ("nl", "hoe maak ik pannenkoeken"),
    ("nl", "weer morgen amsterdam"),
    ("nl", "openingstijden albert heijn"),
    ("nl", "apotheek in de buurt"),
    ("af", "koop fiets aanlyn"),
    ("af", "hoe om brood te bak"),
    ("af", "weer môre kaapstad"),
    ("it", "pizzeria vicino a me"),
    ("it", "comprare bicicletta economica"),
    ("it", "come fare il tiramisù"),
    ("it", "che tempo fa domani a roma"),
    ("it", "orari di apertura esselunga"),
    ("it", "prezzo iphone 15"),
    ("es", "farmacia cerca de mí"),
    ("es", "comprar zapatillas baratas"),
    ("es", "cómo hacer una tortilla"),
    ("es", "qué tiempo hará mañana"),
    ("es", "horario de apertura mercadona"),
    ("es", "precio del iphone 15"),
    ("fr", "boulangerie près de moi"),
    ("fr", "acheter vélo pas cher"),
    ("fr", "comment faire une crêpe"),
    ("fr", "météo demain paris"),
    ("fr", "horaires d'ouverture carrefour"),
    ("fr", "qu'est-ce que le gore-tex"),
    ("pt", "farmácia perto de mim"),
    ("pt", "comprar bicicleta barata"),
    ("pt", "como fazer pão de queijo"),
    ("pt", "previsão do tempo amanhã"),
    ("pt", "preço do iphone 15"),
    ("ru", "аптека рядом со мной"),
    ("ru", "купить велосипед недорого"),
    ("ru", "как приготовить борщ"),
    ("ru", "погода на завтра в москве"),
    ("ru", "часы работы ашан"),
    ("ru", "что такое ипотека"),
    ("ru", "цена айфон 15"),
    ("", "pizza near me"),
    ("", "wetter morgen berlin"),
    ("", "купить телефон"),
    ("", "comprar zapatillas"),
    ("", "hvordan laver man kaffe"),
    ("de-DE", "wo ist die nächste tankstelle"),
    ("no", "hvor er nærmeste bensinstasjon"),
    ("da-DK", "billige flybilletter til paris"),
];

fn main() {
    let lex = Lexicon::builtin();
    let mut out = [0.0f32; 4];
    // Warm up.
    for (hint, q) in QUERIES {
        let hint = (!hint.is_empty()).then_some(*hint);
        lex.classify_scores(q, hint, &mut out);
    }
    // Best of several timed rounds, so a busy machine disturbs less.
    let rounds = 2_000;
    let mut best = f64::MAX;
    let mut sum = 0.0f32;
    for _ in 0..10 {
        let start = Instant::now();
        for _ in 0..rounds {
            for (hint, q) in QUERIES {
                let hint = (!hint.is_empty()).then_some(*hint);
                lex.classify_scores(black_box(q), black_box(hint), &mut out);
                sum += out[0];
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let n = (rounds * QUERIES.len()) as f64;
    println!(
        "classify_scores: {} distinct queries, {:.0} queries/s, {:.0} ns/query (best of 10 rounds of {n}; checksum {})",
        QUERIES.len(),
        n / best,
        best * 1e9 / n,
        black_box(sum)
    );

    // The allocating path, for comparison.
    let start = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for (hint, q) in QUERIES {
            let hint = (!hint.is_empty()).then_some(*hint);
            hits += lex.classify(black_box(q), black_box(hint)).hits.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (rounds * QUERIES.len()) as f64;
    println!(
        "classify (with hits): {:.0} queries/s, {:.0} ns/query ({hits} hits)",
        n / secs,
        secs * 1e9 / n
    );
}
