import type { Translation } from '../index.js';
import type { clinic as en } from '../en/clinic.js';

export const clinic: Translation<typeof en> = {
  account: 'Su cuenta',
  signOut: 'Cerrar sesión',
  signOutEverywhere: 'Cerrar sesión en todos los dispositivos',
  role: {
    owner: 'Propietario',
    admin: 'Administrador',
    therapist: 'Terapeuta',
    supervisor: 'Supervisor',
  },
  home: {
    loading: 'Cargando…',
    setUpTwoStep: 'Configure el inicio de sesión en 2 pasos',
    yourSessions: 'Sus sesiones',
    administration: 'Administración de la clínica',
  },
  signIn: {
    title: 'Iniciar sesión en Circle',
    codeTitle: 'Introduzca su código de inicio de sesión',
    email: 'Correo electrónico',
    password: 'Contraseña',
    code: 'Código de su aplicación de autenticación, o un código de recuperación',
    signingIn: 'Iniciando sesión…',
    signIn: 'Iniciar sesión',
    or: 'o',
    sso: 'Iniciar sesión con inicio de sesión único',
    members:
      '¿Va a unirse a un grupo como miembro? Abra el enlace de invitación que le envió su terapeuta: los miembros no necesitan una cuenta.',
  },
  ssoOutcome: {
    pending:
      'Recibimos su inicio de sesión único. Un administrador de esta clínica debe aprobarlo una vez; después, vuelva a iniciar sesión con inicio de sesión único.',
    declined: 'Un administrador rechazó este inicio de sesión único.',
    refused: 'Esta cuenta no puede iniciar sesión: está desactivada. Consulte a un administrador de su clínica.',
    unverified:
      'Su proveedor de identidad no confirmó su dirección de correo, así que Circle no puede asociarla a una cuenta.',
    failed: 'El inicio de sesión único no se completó. Inténtelo de nuevo.',
    unavailable:
      'No se puede contactar con el proveedor de inicio de sesión único en este momento. Inténtelo de nuevo en un momento o inicie sesión con su contraseña.',
    off: 'El inicio de sesión único no está configurado en esta clínica. Inicie sesión con su contraseña.',
  },
};
