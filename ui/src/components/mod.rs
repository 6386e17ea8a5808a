pub mod app;
pub mod home;
pub mod login;
