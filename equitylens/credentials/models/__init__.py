from equitylens.credentials.models.certificates import Certificate, CertificateLayout

__all__ = ["Certificate", "CertificateLayout"]
