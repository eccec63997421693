import type { Translation } from '../index.js';
import type { checkin as en } from '../en/checkin.js';

export const checkin: Translation<typeof en> = {
  title: 'Antes de entrar a {{title}}',
  agreementTitle: 'Nuestro acuerdo de grupo',
  accept: 'He leído y acepto el acuerdo de grupo (versión {{version}})',
  safetyTitle: 'Comprobación de seguridad',
  privacy: 'Solo sus terapeutas y el supervisor clínico ven estas respuestas.',
  location: '¿Dónde se encuentra ahora? (ciudad y estado)',
  safePlace: 'Estoy en un lugar privado y seguro (no estoy manejando)',
  contact: 'Contacto de emergencia (opcional: nombre y teléfono)',
  submit: 'Entrar a la sala de espera',
  needAgreement: 'Por favor, acepte el acuerdo de grupo para continuar.',
  needLocation: 'Por favor, indique a su terapeuta dónde se encuentra.',
  needSafePlace: 'Por favor, confirme que está en un lugar privado y seguro.',
};
