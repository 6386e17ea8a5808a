//! The API document at /api/openapi.json describes every route the portal serves, with the
//! shapes from kenpo-api.

mod common;

use common::Portal;

#[tokio::test]
async fn the_document_lists_every_route_and_each_listed_route_is_served() {
    let portal = Portal::start(10).await;
    let response = reqwest::get(format!("{}api/openapi.json", portal.url)).await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/json");
    let document: serde_json::Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            operations.push((method.clone(), path.clone()));
        }
    }
    // Every route in the router is registered with its documentation (utoipa-axum), so this is
    // the whole list; a route added without documentation would not be served at all.
    assert_eq!(operations.len(), 34, "{operations:?}");
    let http = reqwest::Client::new();
    for (method, path) in &operations {
        let url = format!("{}{}", portal.url, path.trim_start_matches('/'));
        let request = match method.as_str() {
            "get" => http.get(&url),
            "post" => http.post(&url).json(&serde_json::json!({})),
            "put" => http.put(&url).json(&serde_json::json!({})),
            other => panic!("unexpected method {other}"),
        };
        let answer = request.send().await.unwrap();
        let status = answer.status();
        let body = answer.text().await.unwrap();
        assert!(
            !body.contains("\"not-found\""),
            "{method} {path} is documented but not served: {status} {body}"
        );
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in [
        "ApiError",
        "ErrorCode",
        "PasswordLogin",
        "RegistrationState",
        "EnrollmentOffer",
        "PasswordReset",
        "PasswordChange",
        "MedicalYear",
        "BenefitNotices",
        "QualificationNotice",
        "Subsidy",
        "Application",
        "SubmitApplication",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    // Only the codes the portal answers; the app's own (keychain, camera…) never cross HTTP.
    let codes = schemas["ErrorCode"]["enum"].as_array().unwrap();
    for name in codes {
        let code: kenpo_api::ErrorCode = serde_json::from_value(name.clone()).unwrap();
        assert!(kenpo_portal::error::http_status(code).is_some(), "{name} is listed but never answered");
    }
    for answered in ["invalid-credentials", "step-out-of-order", "too-many-attempts", "busy"] {
        assert!(codes.iter().any(|code| code == answered), "{answered} missing from {codes:?}");
    }
    for own in ["keychain-unavailable", "camera-unavailable", "portal-unreachable", "app-locked"] {
        assert!(!codes.iter().any(|code| code == own), "the app's own {own} is listed");
    }
}
