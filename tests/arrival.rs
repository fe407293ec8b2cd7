//! URL parameters, referrer classes, search text, campaigns and page words.

use micromoment::arrival::{
    classify_referrer, clean_text, host_of, page_text, query_param, read_arrival, referrer_query,
};
use micromoment::cues::ReferrerClass::{
    self, Direct, Email, Internal, Maps, Other, Search, Social,
};

fn class(r: &str) -> ReferrerClass {
    classify_referrer(r, "shop.example.com")
}

#[test]
fn query_params_decode() {
    assert_eq!(
        query_param("?q=red+shoes", "q").as_deref(),
        Some("red shoes")
    );
    assert_eq!(
        query_param("q=red%20shoes&x=1", "q").as_deref(),
        Some("red shoes")
    );
    assert_eq!(
        query_param("?a=1&q=first&q=second", "q").as_deref(),
        Some("first")
    );
    assert_eq!(query_param("?q=&q=second", "q").as_deref(), Some(""));
    assert_eq!(query_param("?flag&q=x", "flag").as_deref(), Some(""));
    assert_eq!(query_param("?qq=x", "q"), None);
    assert_eq!(query_param("?Q=x", "q"), None);
    assert_eq!(query_param("", "q"), None);
    assert_eq!(query_param("?", "q"), None);
    // Keys are compared after decoding.
    assert_eq!(
        query_param("?utm%5Fterm=x", "utm_term").as_deref(),
        Some("x")
    );
    assert_eq!(query_param("?my+key=v", "my key").as_deref(), Some("v"));
    // Invalid escapes are kept, invalid UTF-8 is replaced.
    assert_eq!(
        query_param("?q=100%+off%zz%4", "q").as_deref(),
        Some("100% off%zz%4")
    );
    assert_eq!(query_param("?q=a%FFb", "q").as_deref(), Some("a\u{fffd}b"));
    // A fragment is not part of the query.
    assert_eq!(query_param("?q=a#b&c=d", "c"), None);
    // '=' inside the value is kept.
    assert_eq!(query_param("?q=a=b", "q").as_deref(), Some("a=b"));
    // Cyrillic and Danish, percent-encoded UTF-8.
    assert_eq!(
        query_param(
            "?text=%D0%BA%D1%83%D0%BF%D0%B8%D1%82%D1%8C+%D0%B4%D0%B8%D0%B2%D0%B0%D0%BD",
            "text"
        )
        .as_deref(),
        Some("купить диван")
    );
    assert_eq!(
        query_param("?q=r%C3%B8d+sm%C3%B8rrebr%C3%B8d", "q").as_deref(),
        Some("rød smørrebrød")
    );
    // Raw (unencoded) UTF-8 passes through.
    assert_eq!(query_param("?q=æble", "q").as_deref(), Some("æble"));
}

#[test]
fn hosts() {
    assert_eq!(host_of("https://www.Google.de/search?q=x"), "www.Google.de");
    assert_eq!(
        host_of("https://user:pw@example.com:8443/path"),
        "example.com"
    );
    assert_eq!(host_of("http://[2001:db8::1]:8080/x"), "[2001:db8::1]");
    assert_eq!(host_of("//cdn.example.com/x.js"), "cdn.example.com");
    assert_eq!(host_of("https://example.com."), "example.com");
    assert_eq!(host_of("https://example.com?x=1"), "example.com");
    assert_eq!(host_of("https://example.com#top"), "example.com");
    assert_eq!(host_of("  https://example.com/  "), "example.com");
    assert_eq!(
        host_of("android-app://com.google.android.gm/"),
        "com.google.android.gm"
    );
    assert_eq!(host_of("example.com/path"), "");
    assert_eq!(host_of("/relative/path"), "");
    assert_eq!(host_of(""), "");
    assert_eq!(host_of("https://"), "");
    assert_eq!(host_of("1https://x.com/"), "");
}

#[test]
fn search_engines() {
    for r in [
        "https://www.google.com/",
        "https://www.google.co.uk/",
        "https://www.google.com.br/search?q=x",
        "https://google.de/",
        "https://www.bing.com/search?q=x",
        "https://cn.bing.com/",
        "https://duckduckgo.com/",
        "https://search.yahoo.com/search?p=x",
        "https://uk.search.yahoo.com/",
        "https://search.yahoo.co.jp/",
        "https://yandex.ru/search/?text=x",
        "https://yandex.com.tr/",
        "https://yandex.by/",
        "https://yandex.kz/",
        "https://ya.ru/",
        "https://www.baidu.com/s?wd=x",
        "https://m.baidu.com/",
        "https://www.ecosia.org/search?q=x",
        "https://search.seznam.cz/?q=x",
        "https://search.naver.com/search.naver?query=x",
        "https://www.qwant.com/?q=x",
        "https://search.brave.com/search?q=x",
        "https://www.startpage.com/",
        "https://www.ask.com/web?q=x",
        "https://search.aol.com/aol/search?q=x",
        "android-app://com.google.android.googlequicksearchbox/",
    ] {
        assert_eq!(class(r), Search, "{r}");
    }
}

#[test]
fn maps() {
    for r in [
        "https://www.google.com/maps/place/Some+Shop/@55.67,12.56,17z",
        "https://www.google.de/maps",
        "https://maps.google.com/",
        "https://maps.google.co.uk/maps?q=x",
        "https://maps.app.goo.gl/AbC123",
        "https://goo.gl/maps/AbC123",
        "https://maps.apple.com/?q=x",
        "https://yandex.ru/maps/213/moscow/",
        "https://www.bing.com/maps?q=x",
        "https://www.waze.com/live-map/",
        "https://wego.here.com/",
        "https://mapy.cz/zakladni?q=x",
        "https://www.openstreetmap.org/",
        "android-app://com.google.android.apps.maps/",
    ] {
        assert_eq!(class(r), Maps, "{r}");
    }
    // A path that merely starts with "maps" is not a maps path.
    assert_eq!(class("https://goo.gl/mapsearch"), Other);
}

#[test]
fn social() {
    for r in [
        "https://www.facebook.com/",
        "https://l.facebook.com/l.php?u=x",
        "https://lm.facebook.com/",
        "https://m.facebook.com/",
        "https://www.instagram.com/",
        "https://l.instagram.com/",
        "https://t.co/abc",
        "https://twitter.com/",
        "https://x.com/",
        "https://www.linkedin.com/",
        "https://lnkd.in/abc",
        "https://www.pinterest.com/",
        "https://www.pinterest.co.uk/",
        "https://www.reddit.com/",
        "https://www.tiktok.com/",
        "https://www.youtube.com/",
        "https://m.youtube.com/",
        "https://vk.com/",
        "https://ok.ru/",
        "https://www.snapchat.com/",
        "https://www.threads.net/",
        "https://t.me/channel",
        "android-app://com.linkedin.android/",
    ] {
        assert_eq!(class(r), Social, "{r}");
    }
}

#[test]
fn email() {
    for r in [
        "https://mail.google.com/",
        "https://outlook.live.com/",
        "https://outlook.office.com/",
        "https://outlook.office365.com/",
        "https://mail.yahoo.com/",
        "https://e.mail.ru/",
        "https://mail.yandex.ru/",
        "https://www.gmx.net/",
        "https://3c.gmx.de/",
        "https://web.de/",
        "https://mail.proton.me/",
        "https://app.fastmail.com/",
        "https://www.icloud.com/mail/",
        "https://zimbra.example.org/",
        "https://eur01.safelinks.protection.outlook.com/?url=x",
        "https://urldefense.com/v3/__x",
        "https://urldefense.proofpoint.com/v2/url?u=x",
        "https://webmail.example.net/",
        "android-app://com.google.android.gm/",
    ] {
        assert_eq!(class(r), Email, "{r}");
    }
    // Mail.ru's search is a search engine.
    assert_eq!(class("https://go.mail.ru/search?q=x"), Search);
}

#[test]
fn internal_direct_other() {
    assert_eq!(class("https://shop.example.com/cart"), Internal);
    assert_eq!(
        classify_referrer("https://www.example.com/", "example.com"),
        Internal
    );
    assert_eq!(
        classify_referrer("https://example.com/", "www.example.com"),
        Internal
    );
    assert_eq!(
        classify_referrer("https://EXAMPLE.com:8080/", "Example.COM"),
        Internal
    );
    assert_eq!(classify_referrer("http://[::1]:3000/", "[::1]"), Internal);
    // `location.host` carries the port.
    assert_eq!(
        classify_referrer("http://[::1]:3000/a", "[::1]:3000"),
        Internal
    );
    assert_eq!(
        classify_referrer("https://www.example.com/", "example.com:8443"),
        Internal
    );
    assert_eq!(
        classify_referrer("https://example.com/", "https://www.example.com/x"),
        Internal
    );
    // A different subdomain is another site.
    assert_eq!(class("https://blog.example.com/"), Other);
    assert_eq!(class(""), Direct);
    assert_eq!(class("   "), Direct);
    assert_eq!(class("not a url"), Direct);
    assert_eq!(class("about:blank"), Direct);
    assert_eq!(class("https://news.ycombinator.com/"), Other);
    // Sites of search companies that are not search.
    assert_eq!(class("https://docs.google.com/"), Other);
    assert_eq!(class("https://market.yandex.ru/"), Other);
    assert_eq!(class("https://tieba.baidu.com/"), Other);
    assert_eq!(class("https://www.yahoo.com/"), Other);
}

#[test]
fn label_boundaries() {
    for r in [
        "https://evilgoogle.com/",
        "https://google.com.evil.net/",
        "https://www.google.evil.net/",
        "https://notbing.com/",
        "https://bing.com.attacker.io/",
        "https://myfacebook.com/",
        "https://facebook.com.phish.example/",
        "https://fakeyandex.ru/",
        "https://mygmail.com/",
        "https://at.co/",
        "https://xt.co/",
        "https://t.com/",
        "https://ex.com/",
    ] {
        assert_eq!(class(r), Other, "{r}");
    }
    // Userinfo cannot smuggle a host in.
    assert_eq!(class("https://www.google.com@evil.example/"), Other);
    assert_eq!(class("https://evil.example@www.google.com/"), Search);
}

#[test]
fn referrer_search_text() {
    // Origin-only referrers are search, but carry no text.
    assert_eq!(class("https://www.google.com/"), Search);
    assert_eq!(referrer_query("https://www.google.com/"), None);
    assert_eq!(
        referrer_query("https://www.bing.com/search?q=opening+hours&form=QBLH").as_deref(),
        Some("opening hours")
    );
    assert_eq!(
        referrer_query("https://search.yahoo.com/search?p=buy+sofa").as_deref(),
        Some("buy sofa")
    );
    assert_eq!(
        referrer_query("https://yandex.ru/search/?text=%D0%B4%D0%B8%D0%B2%D0%B0%D0%BD&lr=213")
            .as_deref(),
        Some("диван")
    );
    assert_eq!(
        referrer_query("https://www.baidu.com/s?wd=%E6%B2%99%E5%8F%91").as_deref(),
        Some("沙发")
    );
    assert_eq!(
        referrer_query("https://m.baidu.com/s?word=x1").as_deref(),
        Some("x1")
    );
    assert_eq!(
        referrer_query("https://search.naver.com/search.naver?query=sofa").as_deref(),
        Some("sofa")
    );
    assert_eq!(
        referrer_query("https://www.youtube.com/results?search_query=how+to+fix").as_deref(),
        Some("how to fix")
    );
    assert_eq!(
        referrer_query("https://duckduckgo.com/?q=r%C3%B8d+sofa").as_deref(),
        Some("rød sofa")
    );
    // Google's redirect carries a URL in q, not a search.
    assert_eq!(
        referrer_query("https://www.google.com/url?q=https://shop.example.com/&sa=U"),
        None
    );
    // Google Maps search paths.
    assert_eq!(
        referrer_query("https://www.google.com/maps/search/pizza+near+me/@55.6,12.5,14z")
            .as_deref(),
        Some("pizza near me")
    );
    assert_eq!(
        referrer_query("https://www.google.de/maps/place/B%C3%A4ckerei+M%C3%BCller/@52.5")
            .as_deref(),
        Some("Bäckerei Müller")
    );
    // Not from a search, maps or social site: ignored.
    assert_eq!(referrer_query("https://blog.example.org/?q=secret"), None);
    assert_eq!(referrer_query("https://mail.google.com/?q=x"), None);
    assert_eq!(referrer_query(""), None);
}

#[test]
fn arrival_query_priority() {
    let params = ["q", "s", "search"];
    let a = read_arrival(
        "?s=blue+chairs&utm_term=chairs",
        "https://www.bing.com/search?q=x",
        &params,
        100,
    );
    assert_eq!(
        (a.query.as_str(), a.query_source.as_str()),
        ("blue chairs", "s")
    );
    // Empty on-site params are skipped.
    let a = read_arrival("?q=&s=%20&utm_term=office+chairs", "", &params, 100);
    assert_eq!(
        (a.query.as_str(), a.query_source.as_str()),
        ("office chairs", "utm_term")
    );
    let a = read_arrival("", "https://www.bing.com/search?q=desk+lamp", &params, 100);
    assert_eq!(
        (a.query.as_str(), a.query_source.as_str()),
        ("desk lamp", "referrer")
    );
    let a = read_arrival("", "https://www.google.com/", &params, 100);
    assert_eq!((a.query.as_str(), a.query_source.as_str()), ("", ""));
    // Site param names that are not on the usual list.
    let a = read_arrival("?k=lamp", "", &["k"], 100);
    assert_eq!(a.query_source, "k");
    // Cleaned and cut to max_query_chars.
    let a = read_arrival("?q=%20%20red%0A%0Ashoes%09size+42%20", "", &params, 9);
    assert_eq!(a.query, "red shoes");
}

#[test]
fn paid_and_campaign() {
    for s in [
        "?gclid=abc",
        "?gbraid=x",
        "?wbraid=x",
        "?msclkid=x",
        "?fbclid=x",
        "?ttclid=x",
        "?dclid=x",
        "?li_fat_id=x",
        "?twclid=x",
    ] {
        let a = read_arrival(s, "", &[], 50);
        assert!(a.paid, "{s}");
        assert_eq!(a.click_id, &s[1..s.find('=').unwrap()]);
    }
    for m in [
        "cpc",
        "CPC",
        "ppc",
        "paid",
        "paidsearch",
        "paid_search",
        "paid-social",
        "paid_social",
        "cpm",
        "display",
    ] {
        let a = read_arrival(&format!("?utm_medium={m}"), "", &[], 50);
        assert!(a.paid, "{m}");
        assert_eq!(a.click_id, "");
    }
    for s in [
        "?utm_medium=email",
        "?utm_medium=social",
        "?gclid=",
        "?gclid",
        "?utm_source=cpc",
        "",
    ] {
        assert!(!read_arrival(s, "", &[], 50).paid, "{s}");
    }
    let a = read_arrival(
        "?utm_source=google&utm_medium=cpc&utm_campaign=spring_sale-2024&utm_content=hero.banner+v2&utm_term=garden+chairs",
        "",
        &["q"],
        50,
    );
    assert_eq!(a.utm_source, "google");
    assert_eq!(a.utm_medium, "cpc");
    assert_eq!(a.utm_campaign, "spring_sale-2024");
    assert_eq!(a.utm_content, "hero.banner v2");
    assert_eq!(a.utm_term, "garden chairs");
    assert_eq!(a.campaign, "spring sale 2024 hero banner v2");
    assert_eq!(a.query_source, "utm_term");
    assert!(a.paid);
}

#[test]
fn page_words() {
    assert_eq!(
        page_text(
            "/stores/copenhagen/opening-hours.html",
            "Opening hours",
            "Our Copenhagen store",
            200
        ),
        "stores copenhagen opening hours Opening hours Our Copenhagen store"
    );
    assert_eq!(
        page_text("/product/12345/red_running+shoes.php", "", "", 200),
        "product red running shoes"
    );
    assert_eq!(page_text("/p/3f2a9c1e7b4d/sofa", "", "", 200), "p sofa");
    assert_eq!(
        page_text("/item/550e8400-e29b-41d4-a716-446655440000/", "", "", 200),
        "item"
    );
    assert_eq!(
        page_text("/blog/2024/05/how-to-paint.aspx?x=1#top", "", "", 200),
        "blog how to paint"
    );
    assert_eq!(
        page_text("/%D0%B4%D0%B8%D0%B2%D0%B0%D0%BD%D1%8B/", "", "", 200),
        "диваны"
    );
    assert_eq!(
        page_text("/k%C3%B8b/r%C3%B8de-sofaer", "", "", 200),
        "køb røde sofaer"
    );
    assert_eq!(
        page_text("/", "  Home\n", "\tWelcome  ", 200),
        "Home Welcome"
    );
    assert_eq!(page_text("/iphone15-cases", "", "", 200), "iphone15 cases");
    assert_eq!(page_text("/a-very-long-path", "", "", 8), "a very l");
    assert_eq!(page_text("", "", "", 10), "");
}

#[test]
fn cleaning() {
    assert_eq!(clean_text("  a \t\n b\u{0}c  ", 100), "a b c");
    assert_eq!(clean_text("a\u{200b}\u{feff}b", 100), "a b");
    assert_eq!(clean_text("æøå æøå", 5), "æøå æ");
    assert_eq!(clean_text("ab cd", 3), "ab");
    assert_eq!(clean_text("ab cd", 0), "");
    assert_eq!(clean_text("диван диван", 7), "диван д");
    assert_eq!(clean_text("\u{85}\u{a0}\u{2028}x\u{3000}", 10), "x");
}

#[test]
fn hostile_input_never_panics() {
    let weird = [
        "",
        "?",
        "&&&",
        "=",
        "%",
        "%%",
        "%E",
        "%E2%82",
        "%ff%fe",
        "https://",
        "//",
        "///",
        "://",
        "https://@",
        "https://[",
        "https://[::1",
        "http://a:b:c@[:]:1/?#",
        "\u{0}\u{1}",
        "?q=%C3",
        "?q=%",
        "é%",
        "https://ÿ.com/",
        "android-app://",
        "https://maps.google.com/maps/search/",
        "https://www.google.com/maps/place/%",
        "a.b.c.d.e.f.google",
        ".google.com",
        "google.",
    ];
    let long = "%E2%82%AC+".repeat(5000);
    for s in weird.iter().copied().chain([long.as_str()]) {
        let _ = query_param(s, "q");
        let _ = host_of(s);
        let _ = classify_referrer(s, s);
        let _ = referrer_query(s);
        let _ = read_arrival(s, s, &["q", "", s], 64);
        let _ = page_text(s, s, s, 64);
        let _ = clean_text(s, 3);
    }
    assert!(
        read_arrival(&format!("?q={long}"), "", &["q"], 10)
            .query
            .chars()
            .count()
            <= 10
    );
}

#[test]
fn random_input_never_panics() {
    const PARTS: &[&str] = &[
        "https://", "//", "/", "?", "#", "&", "=", "%", "%C3", "%A6", "%zz", "+", ".", ":", "@",
        "[", "]", "google", "com", "co", "uk", "www", "maps", "mail", "q", "é", "😀", " ", "\u{0}",
        "-", "1", "ff",
    ];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..(next() % 30) {
            s.push_str(PARTS[(next() % PARTS.len() as u64) as usize]);
        }
        let _ = query_param(&s, "q");
        let _ = host_of(&s);
        let _ = classify_referrer(&s, &s);
        let _ = referrer_query(&s);
        let a = read_arrival(&s, &s, &["q", "s"], 16);
        assert!(a.query.chars().count() <= 16);
        assert!(page_text(&s, &s, &s, 20).chars().count() <= 20);
        let c = clean_text(&s, 12);
        assert!(c.chars().count() <= 12 && !c.starts_with(' ') && !c.ends_with(' '));
    }
}
