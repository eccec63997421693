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

  copy: {
    copy: 'Copiar',
    copied: 'Copiado.',
  },
  password: {
    new: 'Contraseña nueva',
    rule: 'Al menos {{min}} caracteres, y que no sea una contraseña común: unas cuantas palabras sin relación funcionan bien.',
    missing_one: 'Falta {{count}} carácter (al menos {{min}}).',
    missing_other: 'Faltan {{count}} caracteres (al menos {{min}}).',
    tooLong: 'Como máximo {{max}} caracteres.',
    ok: 'Longitud suficiente.',
  },
  live: {
    title: 'En curso ahora',
    loading: 'Cargando las sesiones en curso…',
    none: 'Ahora mismo no hay ninguna sesión en curso.',
    untitled: 'Sesión sin título',
    badge: 'En curso',
    crisis_one: '{{count}} alerta de crisis abierta',
    crisis_other: '{{count}} alertas de crisis abiertas',
    people_one: '{{count}} persona conectada ({{members}}, {{therapists}})',
    people_other: '{{count}} personas conectadas ({{members}}, {{therapists}})',
    members_one: '{{count}} miembro',
    members_other: '{{count}} miembros',
    therapists_one: '{{count}} terapeuta',
    therapists_other: '{{count}} terapeutas',
    alerts_one: '{{count}} alerta de conexión',
    alerts_other: '{{count}} alertas de conexión',
    quality: {
      good: 'Conexiones buenas',
      fair: 'Algunas conexiones regulares',
      poor: 'Una conexión es mala',
      unknown: 'Conexiones aún sin medir',
    },
    opening: 'Abriendo…',
    observe: 'Observar',
  },
};
