pub mod accounts;
pub mod add_account;
pub mod app;
pub mod enrollment;
pub mod home;
pub mod login;
pub mod registration;
