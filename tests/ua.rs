//! Device classification: accuracy on the User-Agent fixture, then the
//! traps real traffic sets.

use micromoment::cues::Device::{self, Desktop, Mobile, Other, Tablet};
use micromoment::ua::{classify_device, classify_ua, in_app_browser, DeviceSignals};

/// The device class from all signals, without the deciding source.
fn device(s: &DeviceSignals) -> Device {
    classify_device(s).device
}

struct Row {
    ua: String,
    device: Device,
    platform: String,
    screen: u32,
}

fn rows() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ua_dev.tsv");
    let text = std::fs::read_to_string(path).expect("fixture");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Row {
                ua: f[0].to_string(),
                device: Device::parse(f[1]).expect("device column"),
                platform: f[2].to_string(),
                screen: f[3].parse().unwrap_or(0),
            }
        })
        .collect()
}

/// Prints per-class and overall accuracy and asserts at least 98 % per class.
fn check_accuracy(name: &str, rows: &[Row], f: impl Fn(&Row) -> Device) {
    let (mut ok_all, mut n_all) = (0, 0);
    for class in [Mobile, Tablet, Desktop] {
        let of: Vec<&Row> = rows.iter().filter(|r| r.device == class).collect();
        assert!(!of.is_empty());
        let mut ok = 0;
        for r in &of {
            let got = f(r);
            if got == class {
                ok += 1;
            } else {
                println!(
                    "  {name} miss: want {} got {}: {}",
                    class.as_str(),
                    got.as_str(),
                    r.ua
                );
            }
        }
        let pct = 100.0 * ok as f64 / of.len() as f64;
        println!("{name} {}: {ok}/{} = {pct:.1}%", class.as_str(), of.len());
        assert!(pct >= 98.0, "{name} {}: {pct:.1}% < 98%", class.as_str());
        ok_all += ok;
        n_all += of.len();
    }
    println!(
        "{name} overall: {ok_all}/{n_all} = {:.1}%",
        100.0 * ok_all as f64 / n_all as f64
    );
}

#[test]
fn fixture_ua_only() {
    let rows = rows();
    assert!(rows.len() > 900);
    check_accuracy("classify_ua", &rows, |r| classify_ua(&r.ua));
    let pairs: Vec<(Device, Device, &str)> = rows
        .iter()
        .map(|r| (r.device, classify_ua(&r.ua), r.ua.as_str()))
        .collect();
    report("ua_dev.tsv, classify_ua", &pairs);
}

#[test]
fn fixture_all_signals_without_touch() {
    // The fixture has no touch points: platform and screen alone must not
    // move anyone (a Mac stays a desktop, Android asking for the desktop
    // site stays a desktop).
    let rows = rows();
    check_accuracy("classify_device", &rows, |r| {
        device(&DeviceSignals {
            ua: &r.ua,
            platform: &r.platform,
            screen_short: r.screen,
            ..DeviceSignals::default()
        })
    });
}

#[test]
fn fixture_all_signals_with_plausible_touch() {
    // Phones and tablets report touch points, Macs none, and Chrome on
    // Android sends the `mobile` Client Hint matching its "Mobile" token.
    // Two rows record a screen that contradicts their label, and the screen
    // rule follows the screen: an iPhone UA on a screen 800 px across
    // (reads tablet) and a tablet UA on one 369 px across (reads phone).
    let contradicts = |r: &Row| {
        (r.screen == 800 && r.ua.contains("iPhone OS 17_4_1") && r.platform == "Linux x86_64")
            || (r.screen == 369 && r.device == Tablet)
    };
    let rows: Vec<Row> = rows().into_iter().filter(|r| !contradicts(r)).collect();
    assert!(rows.len() > 900);
    check_accuracy("classify_device+touch", &rows, |r| {
        let handheld = r.device != Desktop;
        let android = r.ua.contains("Android");
        let chrome = r.ua.contains("Chrome/");
        device(&DeviceSignals {
            ua: &r.ua,
            ch_mobile: (android && chrome).then(|| r.ua.contains("Mobile")),
            ch_platform: if android && chrome { "Android" } else { "" },
            platform: &r.platform,
            max_touch_points: if handheld { 5 } else { 0 },
            screen_short: r.screen,
            ..DeviceSignals::default()
        })
    });
}

fn ua(s: &str) -> Device {
    classify_ua(s)
}

#[test]
fn traps_apple() {
    // iPad with the Mobile/ token is still a tablet.
    assert_eq!(ua("Mozilla/5.0 (iPad; CPU OS 16_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.4 Mobile/15E148 Safari/604.1"), Tablet);
    assert_eq!(ua("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"), Mobile);
    // The iPod touch is a media player, not a phone.
    assert_eq!(ua("Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1"), Other);
    // iPad in desktop mode: a Mac UA; UA alone says desktop...
    let ipad_desktop = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15";
    assert_eq!(ua(ipad_desktop), Desktop);
    // ...touch points say tablet...
    let sig = DeviceSignals {
        ua: ipad_desktop,
        platform: "MacIntel",
        max_touch_points: 5,
        screen_short: 820,
        ..Default::default()
    };
    assert_eq!(device(&sig), Tablet);
    // ...a real Mac has none...
    assert_eq!(
        device(&DeviceSignals {
            max_touch_points: 0,
            ..sig
        }),
        Desktop
    );
    // ...and an iPhone asking for the desktop site has a narrow screen.
    assert_eq!(
        device(&DeviceSignals {
            screen_short: 390,
            ..sig
        }),
        Mobile
    );
    // Chrome for iOS on an iPad in desktop mode keeps its iOS token.
    assert_eq!(ua("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1"), Tablet);
    // navigator.platform names the device outright.
    assert_eq!(
        device(&DeviceSignals {
            ua: ipad_desktop,
            platform: "iPad",
            ..Default::default()
        }),
        Tablet
    );
}

#[test]
fn traps_android() {
    // Phone and tablet Chrome.
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36"), Mobile);
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36"), Tablet);
    // Firefox puts the form factor in its own token.
    assert_eq!(
        ua("Mozilla/5.0 (Android 14; Mobile; rv:123.0) Gecko/123.0 Firefox/123.0"),
        Mobile
    );
    assert_eq!(
        ua("Mozilla/5.0 (Android 13; Tablet; rv:123.0) Gecko/123.0 Firefox/123.0"),
        Tablet
    );
    // Chrome's reduced UA: the Mobile token decides...
    let reduced_phone = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36";
    let reduced_tab = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36";
    assert_eq!(ua(reduced_phone), Mobile);
    assert_eq!(ua(reduced_tab), Tablet);
    // ...and with Client Hints, `mobile` decides on a phone-sized screen...
    let ch = |ua, m| DeviceSignals {
        ua,
        ch_mobile: Some(m),
        ch_platform: "Android",
        max_touch_points: 5,
        screen_short: 412,
        ..Default::default()
    };
    assert_eq!(device(&ch(reduced_tab, true)), Mobile);
    // ...where `mobile: false` is a phone asking for the desktop site...
    assert_eq!(device(&ch(reduced_phone, false)), Mobile);
    // ...while a touch screen 600 CSS px or more across is a tablet, whatever
    // the hint says.
    let wide = |ua, m| DeviceSignals {
        screen_short: 800,
        screen_long: 1280,
        ..ch(ua, m)
    };
    assert_eq!(device(&wide(reduced_phone, false)), Tablet);
    assert_eq!(device(&wide(reduced_phone, true)), Tablet);
    // An Android phone asking for the desktop site: Linux desktop UA,
    // mobile=false, but a phone-sized screen and touch.
    let x11 = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36";
    assert_eq!(device(&ch(x11, false)), Mobile);
    assert_eq!(
        device(&DeviceSignals {
            ua: x11,
            platform: "Linux armv81",
            max_touch_points: 5,
            screen_short: 412,
            ..Default::default()
        }),
        Mobile
    );
    assert_eq!(
        device(&DeviceSignals {
            ua: x11,
            platform: "Linux armv81",
            max_touch_points: 5,
            screen_short: 800,
            ..Default::default()
        }),
        Tablet
    );
    // A plain Linux desktop with Client Hints.
    assert_eq!(
        device(&DeviceSignals {
            ua: x11,
            ch_mobile: Some(false),
            ch_platform: "Linux",
            platform: "Linux x86_64",
            ..Default::default()
        }),
        Desktop
    );
    // Android WebView in an app.
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 12; Pixel 6 Build/SQ3A.220705.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/103.0.5060.129 Mobile Safari/537.36"), Mobile);
    // Samsung Internet on a Galaxy Tab.
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 13; SM-T870) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36"), Tablet);
    // The phone brand Cubot is not a bot.
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 11; CUBOT NOTE 20) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Mobile Safari/537.36"), Mobile);
}

#[test]
fn traps_kindle() {
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.6099.230 Safari/537.36"), Tablet);
    // Silk asking for the desktop site.
    assert_eq!(ua("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Silk/118.4.1 like Chrome/118.0.5993.159 Safari/537.36"), Tablet);
    // Fire tablet model with Chrome.
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"), Tablet);
    // Kindle e-reader.
    assert_eq!(ua("Mozilla/5.0 (X11; U; Linux armv7l like Android; en-us) AppleWebKit/531.2+ (KHTML, like Gecko) Version/5.0 Safari/533.2+ Kindle/3.0+"), Tablet);
    // A Fire tablet that still says Mobile on a phone-style page request
    // stays a tablet when Client Hints say mobile (the UA names a tablet).
    let kf = "Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    assert_eq!(
        device(&DeviceSignals {
            ua: kf,
            ch_mobile: Some(true),
            ..Default::default()
        }),
        Tablet
    );
}

#[test]
fn traps_windows_and_desktops() {
    let touch_laptop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0";
    assert_eq!(ua(touch_laptop), Desktop);
    assert_eq!(
        device(&DeviceSignals {
            ua: touch_laptop,
            ch_mobile: Some(false),
            ch_platform: "Windows",
            platform: "Win32",
            max_touch_points: 10,
            screen_short: 900,
            ..Default::default()
        }),
        Desktop
    );
    assert_eq!(ua("Mozilla/5.0 (Windows NT 6.2; WOW64; Trident/7.0; Touch; Tablet PC 2.0; rv:11.0) like Gecko"), Desktop);
    assert_eq!(
        ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0"),
        Desktop
    );
    assert_eq!(
        ua("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.2; rv:122.0) Gecko/20100101 Firefox/122.0"),
        Desktop
    );
    assert_eq!(ua("Mozilla/5.0 (X11; CrOS x86_64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.212 Safari/537.36"), Desktop);
    assert_eq!(
        ua("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
        Desktop
    );
    assert_eq!(
        ua("Mozilla/5.0 (X11; FreeBSD amd64; rv:120.0) Gecko/20100101 Firefox/120.0"),
        Desktop
    );
}

#[test]
fn traps_feature_and_legacy_phones() {
    assert_eq!(ua("Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063"), Mobile);
    assert_eq!(ua("Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; ARM; Touch; NOKIA; Lumia 920)"), Mobile);
    assert_eq!(ua("Mozilla/5.0 (BB10; Touch) AppleWebKit/537.35+ (KHTML, like Gecko) Version/10.3.3.2205 Mobile Safari/537.35+"), Mobile);
    assert_eq!(
        ua("BlackBerry9700/5.0.0.862 Profile/MIDP-2.1 Configuration/CLDC-1.1 VendorID/331"),
        Mobile
    );
    assert_eq!(ua("Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16"), Mobile);
    assert_eq!(ua("Opera/9.80 (J2ME/MIDP; Opera Mini/5.1.21214/28.2725; U; ru) Presto/2.8.119 Version/11.10"), Mobile);
    assert_eq!(ua("Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i; Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5"), Mobile);
    assert_eq!(
        ua("Nokia6300/2.0 (05.00) Profile/MIDP-2.0 Configuration/CLDC-1.1"),
        Mobile
    );
    assert_eq!(
        ua("Mozilla/5.0 (Mobile; rv:26.0) Gecko/26.0 Firefox/26.0"),
        Mobile
    );
    assert_eq!(ua("Mozilla/5.0 (PlayBook; U; RIM Tablet OS 2.1.0; en-US) AppleWebKit/536.2+ (KHTML, like Gecko) Version/7.2.1.0 Safari/536.2+"), Tablet);
}

#[test]
fn traps_tvs_consoles_wearables() {
    for tv in [
        "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36",
        "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager",
        "AppleTV11,1/11.1",
        "Roku/DVP-12.0 (12.0.0.4182-C6)",
        "Mozilla/5.0 (Linux; Android 9; BRAVIA 4K UR2 Build/PTT1.190515.001.S52) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/80.0.3987.99 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 9; AFTKA Build/PS7285.2877N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.193 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; SHIELD Android TV Build/RQ1A.210105.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/115.0.5790.166 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; U; Linux; en-US) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 HbbTV/1.5.1 (+DRM; Panasonic; TX-55JZ1500B; 3.512; 0; com.panasonic.SmartTV; )",
        "Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36 CrKey/1.56.500000",
    ] {
        assert_eq!(ua(tv), Other, "{tv}");
    }
    for console in [
        "Mozilla/5.0 (PlayStation; PlayStation 5/6.50) AppleWebKit/605.1.15 (KHTML, like Gecko)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox Series X) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/48.0.2564.82 Safari/537.36 Edge/20.02",
        "Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393",
        "Mozilla/5.0 (X11; Linux x86_64; Quest 3) AppleWebKit/537.36 (KHTML, like Gecko) OculusBrowser/31.0.0.0 SamsungBrowser/4.0 Chrome/120.0.0.0 VR Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; Galaxy Watch4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0 Mobile Safari/537.36 SamsungBrowser/2.0 Watch",
    ] {
        assert_eq!(ua(console), Other, "{console}");
    }
    // Client Hints never turn a TV into a phone.
    let tv = "Mozilla/5.0 (Linux; Android 12; BRAVIA 4K VH21) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0 Safari/537.36";
    assert_eq!(
        device(&DeviceSignals {
            ua: tv,
            ch_mobile: Some(true),
            ..Default::default()
        }),
        Other
    );
}

#[test]
fn traps_bots_and_junk() {
    for bot in [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.184 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 14_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0 Mobile/15E148 Safari/604.1 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.71 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.4.0",
        "python-requests/2.31.0",
        "Wget/1.21.4",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
        "WhatsApp/2.23.20.0 A",
    ] {
        assert_eq!(ua(bot), Other, "{bot}");
    }
    assert_eq!(ua(""), Other);
    assert_eq!(ua("   "), Other);
    assert_eq!(ua("-"), Other);
    assert_eq!(
        device(&DeviceSignals {
            ua: "",
            ch_mobile: Some(true),
            ..Default::default()
        }),
        Other
    );
}

#[test]
fn in_app_browsers_follow_their_os() {
    let cases = [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]", Mobile, Some("facebook")),
        ("Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPad13,16;FBMD/iPad;FBSN/iPadOS;FBSV/17.1;FBSS/2;FBID/tablet;FBLC/en_US;FBOP/5]", Tablet, Some("facebook")),
        ("Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/442.0.0.34.109;]", Mobile, Some("facebook")),
        ("Mozilla/5.0 (Linux; Android 13; SM-G991B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Instagram 309.1.0.41.113 Android (33/13; 480dpi; 1080x2340; samsung; SM-G991B; o1s; exynos2100; en_GB; 541635890)", Mobile, Some("instagram")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 305.0.0.16.104 (iPhone14,5; iOS 16_6; en_US; en; scale=3.00; 1170x2532; 531154587)", Mobile, Some("instagram")),
        ("Mozilla/5.0 (Linux; Android 12; 2201117TY Build/SKQ1.211103.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/110.0.5481.153 Mobile Safari/537.36 musical_ly_2023102030 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/31.2.3 ByteLocale/en ByteFullLocale/en Region/US BytedanceWebview/d8a21c6", Mobile, Some("tiktok")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.60.0.36 (like Safari/8616.1.24.11.2, panda)", Mobile, Some("snapchat")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.12.0", Mobile, Some("line")),
        ("Mozilla/5.0 (Linux; Android 12; V2111 Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5075 MMWEBSDK/20230504 MicroMessenger/8.0.37.2380(0x2800253D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64", Mobile, Some("wechat")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6730", Mobile, Some("linkedin")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]", Mobile, Some("pinterest")),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36", Mobile, None),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", Mobile, None),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", Mobile, Some("webview")),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36", Desktop, None),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/155 Mobile/15E148 Version/17.1", Mobile, None),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/300.0.598994866 Mobile/15E148 Safari/604.1", Mobile, Some("google")),
        ("Mozilla/5.0 (Linux; Android 16; SM-S926U Build/BP4A.251205.006; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/140.0.0.0 Mobile Safari/537.36 Barcelona 400.0.0.1.2 Android (36/16; 540dpi; 1080x2340; samsung; SM-S926U; e2q; qcom; en_US; 1)", Mobile, Some("threads")),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36", Mobile, Some("webview")),
    ];
    for (s, device, app) in cases {
        assert_eq!(ua(s), device, "{s}");
        assert_eq!(in_app_browser(s), app, "{s}");
    }
}

#[test]
fn hostile_input_never_panics() {
    let long = "Mozilla/5.0 (".repeat(2000) + "bo";
    for s in [
        "b",
        "bo",
        "bot",
        "\u{0}",
        "é",
        "; KF",
        "; KFAB",
        "ÿ; KF€€€",
        &long,
        "iPad\u{ffff}",
    ] {
        let _ = classify_ua(s);
        let _ = in_app_browser(s);
        let _ = device(&DeviceSignals {
            ua: s,
            ch_platform: s,
            platform: s,
            ch_mobile: Some(false),
            max_touch_points: u32::MAX,
            screen_short: u32::MAX,
            screen_long: u32::MAX,
            coarse_pointer: Some(true),
            hover_none: Some(false),
            dpr: f32::NAN,
        });
    }
}

#[test]
fn random_input_never_panics() {
    const PARTS: &[&str] = &[
        "Mozilla/5.0 (",
        "; ",
        ")",
        "iPad",
        "iPhone",
        "Android",
        "Mobile",
        "Tablet",
        "Macintosh",
        "; KF",
        "ABC",
        "bot",
        "cu",
        "Windows",
        "X11",
        "Linux",
        "; wv)",
        "é",
        "😀",
        "\u{0}",
        " ",
        "FBAN/",
        "Mobile/",
        "Safari/",
        "TV",
    ];
    let mut x: u64 = 0x1234_5678_9abc_def1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..5_000 {
        let mut s = String::new();
        for _ in 0..(next() % 20) {
            s.push_str(PARTS[(next() % PARTS.len() as u64) as usize]);
        }
        let _ = classify_ua(&s);
        let _ = in_app_browser(&s);
        let sig = DeviceSignals {
            ua: &s,
            ch_mobile: [None, Some(true), Some(false)][(next() % 3) as usize],
            ch_platform: &s,
            platform: &s,
            max_touch_points: (next() % 12) as u32,
            screen_short: (next() % 2000) as u32,
            screen_long: (next() % 3000) as u32,
            coarse_pointer: [None, Some(true), Some(false)][(next() % 3) as usize],
            hover_none: [None, Some(true), Some(false)][(next() % 3) as usize],
            dpr: (next() % 4) as f32,
        };
        let _ = device(&sig);
    }
}

/// A labelled row of `ua_own*.tsv` (`ua`, `device`, `note`).
struct OwnRow {
    ua: String,
    device: Device,
    note: String,
}

fn own_rows(file: &str) -> Vec<OwnRow> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("ua\tdevice\tnote"), "{file}: header");
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{file}: three columns: {l}");
            OwnRow {
                ua: f[0].to_string(),
                device: Device::parse(f[1]).expect("device column"),
                note: f[2].to_string(),
            }
        })
        .collect()
}

const CLASSES: [Device; 4] = [Mobile, Tablet, Desktop, Other];

/// Per-class recall and precision of `f` over labelled pairs, printed as a
/// table with the misses; returns (accuracy over the phone, tablet and
/// desktop rows, recall of *other*).
fn report(name: &str, pairs: &[(Device, Device, &str)]) -> (f64, f64) {
    println!("{name}: {} rows", pairs.len());
    println!("  class     recall            precision");
    for c in CLASSES {
        let want = pairs.iter().filter(|p| p.0 == c).count();
        let got = pairs.iter().filter(|p| p.1 == c).count();
        let hit = pairs.iter().filter(|p| p.0 == c && p.1 == c).count();
        println!(
            "  {:<8}  {hit:>3}/{want:<3} = {:.3}   {hit:>3}/{got:<3} = {:.3}",
            c.as_str(),
            hit as f64 / want.max(1) as f64,
            hit as f64 / got.max(1) as f64
        );
    }
    for (want, got, what) in pairs.iter().filter(|p| p.0 != p.1) {
        println!(
            "  miss: want {} got {}: {what}",
            want.as_str(),
            got.as_str()
        );
    }
    let ptd: Vec<_> = pairs.iter().filter(|p| p.0 != Other).collect();
    let acc = ptd.iter().filter(|p| p.0 == p.1).count() as f64 / ptd.len().max(1) as f64;
    let others = pairs.iter().filter(|p| p.0 == Other).count();
    let other_hit = pairs
        .iter()
        .filter(|p| p.0 == Other && p.1 == Other)
        .count();
    let other_recall = other_hit as f64 / others.max(1) as f64;
    println!("  phone/tablet/desktop accuracy {acc:.3}, other recall {other_recall:.3}");
    (acc, other_recall)
}

/// Classifies every UA of a `ua_own*.tsv`-shaped file (at least `min_rows`)
/// by its string alone, prints the report and holds it to the bars:
/// phone/tablet/desktop accuracy 0.93 and *other* recall 0.80.
fn ua_only_meets_the_bars(file: &str, min_rows: usize) {
    let rows = own_rows(file);
    assert!(rows.len() >= min_rows, "{file}: {} rows", rows.len());
    let pairs: Vec<(Device, Device, &str)> = rows
        .iter()
        .map(|r| (r.device, classify_ua(&r.ua), r.note.as_str()))
        .collect();
    let (acc, other_recall) = report(&format!("{file}, classify_ua"), &pairs);
    assert!(
        acc >= 0.93,
        "{file}: phone/tablet/desktop accuracy {acc:.3} < 0.93"
    );
    assert!(
        other_recall >= 0.80,
        "{file}: other recall {other_recall:.3} < 0.80"
    );
}

#[test]
fn own_fixture_ua_only() {
    ua_only_meets_the_bars("ua_own.tsv", 350);
}

/// The signals the browser layer reads on an emulated device, built from a
/// `devices.json` descriptor the way the page sees them in Chromium driven
/// by Playwright on Linux: `navigator.platform` is the host's, the Client
/// Hints are those the descriptor lists (Chromium-based browsers only),
/// `maxTouchPoints` is 0 without touch, the pointer and hover media
/// queries follow the descriptor, and the screen is the descriptor's.
fn emulated_signals(d: &micromoment::json::Value) -> (String, DeviceSignals<'_>) {
    use micromoment::json::Value;
    let num = |v: Option<&Value>| v.and_then(Value::as_f64).unwrap_or(0.0);
    let flag = |v: Option<&Value>| match v {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    };
    let name = d
        .get("name")
        .and_then(Value::as_str)
        .expect("name")
        .to_string();
    let screen = d.get("screen").expect("screen");
    let (w, h) = (
        num(screen.get("width")) as u32,
        num(screen.get("height")) as u32,
    );
    let hints = d.get("clientHints");
    let touch = flag(d.get("hasTouch")) == Some(true);
    let pointer = d.get("pointer").and_then(Value::as_str).expect("pointer");
    let signals = DeviceSignals {
        ua: d
            .get("userAgent")
            .and_then(Value::as_str)
            .expect("userAgent"),
        ch_mobile: hints.and_then(|c| flag(c.get("mobile"))),
        ch_platform: hints
            .and_then(|c| c.get("platform"))
            .and_then(Value::as_str)
            .unwrap_or(""),
        platform: "Linux x86_64",
        max_touch_points: if touch {
            num(d.get("maxTouchPoints")) as u32
        } else {
            0
        },
        screen_short: w.min(h),
        screen_long: w.max(h),
        coarse_pointer: Some(pointer == "coarse"),
        hover_none: flag(d.get("hover")).map(|hover| !hover),
        dpr: num(d.get("deviceScaleFactor")) as f32,
    };
    (name, signals)
}

#[test]
fn emulated_devices() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/devices.json");
    let text = std::fs::read_to_string(path).expect("devices.json");
    let doc = micromoment::json::parse(&text).expect("devices.json parses");
    let micromoment::json::Value::Array(devices) = &doc else {
        panic!("devices.json: an array");
    };
    assert!(devices.len() >= 120);
    let mut pairs = Vec::new();
    let mut sources = std::collections::BTreeMap::new();
    for d in devices {
        let (name, signals) = emulated_signals(d);
        let want = d
            .get("expected")
            .and_then(micromoment::json::Value::as_str)
            .and_then(Device::parse)
            .expect("expected");
        let reading = classify_device(&signals);
        *sources.entry(reading.by.as_str()).or_insert(0) += 1;
        pairs.push((want, reading.device, name));
    }
    let pairs: Vec<(Device, Device, &str)> =
        pairs.iter().map(|(w, g, n)| (*w, *g, n.as_str())).collect();
    report("devices.json, classify_device", &pairs);
    println!("  decided by: {sources:?}");
    let right = pairs.iter().filter(|p| p.0 == p.1).count();
    let share = right as f64 / pairs.len() as f64;
    println!("  right: {right}/{} = {share:.3}", pairs.len());
    assert!(share >= 0.98, "emulated devices right {share:.3} < 0.98");

    // Chromium under emulation may report `mobile` as the context's
    // isMobile for every device, Safari and Firefox UAs included, and no
    // platform: the screen rule must still hold.
    let mut right = 0;
    for d in devices {
        let (name, signals) = emulated_signals(d);
        let is_mobile = matches!(
            d.get("isMobile"),
            Some(micromoment::json::Value::Bool(true))
        );
        let want = d
            .get("expected")
            .and_then(micromoment::json::Value::as_str)
            .and_then(Device::parse)
            .expect("expected");
        let got = classify_device(&DeviceSignals {
            ch_mobile: Some(is_mobile),
            ch_platform: "",
            ..signals
        })
        .device;
        if got == want {
            right += 1;
        } else {
            println!(
                "  hints from isMobile, miss: want {} got {}: {name}",
                want.as_str(),
                got.as_str()
            );
        }
    }
    let share = right as f64 / devices.len() as f64;
    println!(
        "  hints from isMobile: right {right}/{} = {share:.3}",
        devices.len()
    );
    assert!(
        share >= 0.98,
        "emulated devices (hints from isMobile) {share:.3} < 0.98"
    );
}

#[test]
fn own_holdout_ua_only() {
    // Written with ua_own.tsv, set aside at random and not used to tune
    // the rules; read once when they were done (docs/device.md).
    ua_only_meets_the_bars("ua_own_holdout.tsv", 150);
}

#[test]
fn fresh_set_ua_only() {
    // Written after the rules were done by someone who saw neither the rules
    // nor the other fixtures (checked by script against duplicates of them);
    // read once (docs/device.md).
    ua_only_meets_the_bars("ua_fresh.tsv", 200);
}

#[test]
fn the_deciding_signal_is_named() {
    use micromoment::ua::DeviceSource;
    assert_eq!(DeviceSource::ClientHints.as_str(), "client-hints");
    assert_eq!(DeviceSource::Screen.as_str(), "screen");
    assert_eq!(DeviceSource::UserAgent.as_str(), "user-agent");
    let reduced = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    let phone = DeviceSignals {
        ua: reduced,
        ch_mobile: Some(true),
        ch_platform: "Android",
        max_touch_points: 5,
        screen_short: 412,
        screen_long: 915,
        coarse_pointer: Some(true),
        hover_none: Some(true),
        dpr: 2.625,
        ..Default::default()
    };
    let r = classify_device(&phone);
    assert_eq!((r.device, r.by), (Mobile, DeviceSource::ClientHints));
    // An unfolded foldable: the same UA and hint, a tablet-sized screen.
    let r = classify_device(&DeviceSignals {
        screen_short: 690,
        screen_long: 829,
        ..phone
    });
    assert_eq!((r.device, r.by), (Tablet, DeviceSource::Screen));
    // Safari on an iPhone: no hints, the screen decides.
    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    let r = classify_device(&DeviceSignals {
        ua: iphone,
        ch_mobile: None,
        ch_platform: "",
        ..phone
    });
    assert_eq!((r.device, r.by), (Mobile, DeviceSource::Screen));
    // Nothing but the UA.
    let r = classify_device(&DeviceSignals {
        ua: iphone,
        ..Default::default()
    });
    assert_eq!((r.device, r.by), (Mobile, DeviceSource::UserAgent));
}

#[test]
fn traps_tablets_that_say_mobile_and_boxes_that_say_nothing() {
    // Tablet model codes beat the Mobile token.
    for tab in [
        "Mozilla/5.0 (Linux; Android 10; HarmonyOS; BAH3-W09; HMSCore 6.11.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.2.311 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 12; Lenovo TB-X606F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-X205) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; 23073RPBFG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    ] {
        assert_eq!(ua(tab), Tablet, "{tab}");
    }
    // A build id is no model code (OPD3 is a Pixel 2 build, OPD an OPPO Pad).
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 8.0; Pixel 2 Build/OPD3.170816.012) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"), Mobile);
    // Apps' HTTP clients: Android without Mobile is a phone unless the
    // model says tablet; CFNetwork is macOS only with a Mac processor.
    assert_eq!(
        ua("Dalvik/2.1.0 (Linux; U; Android 13; SM-A236B Build/TP1A.220624.014)"),
        Mobile
    );
    assert_eq!(
        ua("Dalvik/2.1.0 (Linux; U; Android 13; SM-X200 Build/TP1A.220624.014)"),
        Tablet
    );
    assert_eq!(
        ua("Slack/23.11.10 CFNetwork/1474 Darwin/23.0.0 (x86_64)"),
        Desktop
    );
    assert_eq!(
        ua("Instagram/300.0.0.17.104 CFNetwork/1410.0.3 Darwin/22.6.0"),
        Mobile
    );
    // Android on ChromeOS and on x86 PCs.
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 11; Chromebook Plus) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36"), Desktop);
    assert_eq!(ua("Mozilla/5.0 (Linux; Android 9; Generic Android-x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/106.0.0.0 Safari/537.36"), Desktop);
    // An Android TV box whose UA names no TV: tablet by UA, other once the
    // page sees no touch and nothing that can hover.
    let tv_box = "Mozilla/5.0 (Linux; Android 9; X96Max_Plus2) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4515.131 Safari/537.36";
    assert_eq!(ua(tv_box), Tablet);
    let sig = DeviceSignals {
        ua: tv_box,
        screen_short: 540,
        screen_long: 960,
        coarse_pointer: Some(false),
        hover_none: Some(true),
        ..Default::default()
    };
    assert_eq!(device(&sig), Other);
    assert_eq!(
        device(&DeviceSignals {
            ch_mobile: Some(false),
            ch_platform: "Android",
            ..sig
        }),
        Other
    );
    // Samsung DeX on a monitor: desktop UA, mobile=false on Android, a mouse.
    assert_eq!(
        device(&DeviceSignals {
            ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Safari/537.36",
            ch_mobile: Some(false),
            ch_platform: "Android",
            screen_short: 1080,
            screen_long: 1920,
            coarse_pointer: Some(false),
            hover_none: Some(false),
            ..Default::default()
        }),
        Desktop
    );
    // A touch laptop and a Windows tablet in use stay desktops.
    for (coarse, hover_none) in [(false, false), (true, true)] {
        assert_eq!(
            device(&DeviceSignals {
                ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                max_touch_points: 10,
                screen_short: 960,
                screen_long: 1440,
                coarse_pointer: Some(coarse),
                hover_none: Some(hover_none),
                ..Default::default()
            }),
            Desktop
        );
    }
}
